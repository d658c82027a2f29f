package dev.cnnc.compiler.reference;

import java.util.Arrays;
import java.util.Random;

/**
 * A dense double-precision tensor for the reference implementation: a {@code double[]} in
 * row-major (C) order with an {@code int[]} shape whose first dimension is the batch, e.g.
 * {@code [N, C, H, W]} for feature maps and {@code [N, F]} for vectors (NCHW, as PyTorch).
 *
 * <p>Deliberately plain: element access goes through {@link #index}, which checks every
 * coordinate, so an out-of-range read in a reference op fails loudly instead of reading a
 * neighbour. Speed does not matter here; clarity does.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    /** A tensor of zeros with the given shape. */
    public Tensor(int... shape) {
        this(new double[count(shape)], shape);
    }

    private Tensor(double[] data, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
        }
        if (data.length != count(shape)) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.data = data;
    }

    /** A tensor holding a copy of {@code values} (row-major) with the given shape. */
    public static Tensor of(double[] values, int... shape) {
        return new Tensor(values.clone(), shape);
    }

    /** Product of the dimensions (1 for a scalar shape {@code []}). */
    public static int count(int... shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Uniform values in {@code [lo, hi)} from {@code rnd}. */
    public static Tensor uniform(Random rnd, double lo, double hi, int... shape) {
        Tensor t = new Tensor(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return t;
    }

    /** Uniform values in {@code [-1, 1)}. */
    public static Tensor random(Random rnd, int... shape) {
        return uniform(rnd, -1, 1, shape);
    }

    /**
     * Values in {@code [-1, 1]} that are pairwise at least {@code 1 / size} apart (a shuffled
     * even grid), so max-type ops have no ties and a finite-difference step cannot change an
     * argmax.
     */
    public static Tensor distinct(Random rnd, int... shape) {
        Tensor t = new Tensor(shape);
        int n = t.data.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        for (int i = 0; i < n; i++) {
            t.data[i] = n == 1 ? 0.5 : -1 + 2.0 * perm[i] / (n - 1);
        }
        return t;
    }

    /**
     * Uniform values in {@code [lo, hi)} kept at least {@code gap} away from each of
     * {@code kinks} (e.g. 0 for ReLU), so that central differences never straddle a kink.
     */
    public static Tensor awayFrom(Random rnd, double lo, double hi, double gap, double[] kinks, int... shape) {
        Tensor t = new Tensor(shape);
        for (int i = 0; i < t.data.length; i++) {
            double v;
            boolean near;
            do {
                v = lo + (hi - lo) * rnd.nextDouble();
                near = false;
                for (double k : kinks) {
                    near |= Math.abs(v - k) < gap;
                }
            } while (near);
            t.data[i] = v;
        }
        return t;
    }

    /** A 0/1 mask: each element is 1 with probability {@code keep}. */
    public static Tensor mask(Random rnd, double keep, int... shape) {
        Tensor t = new Tensor(shape);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = rnd.nextDouble() < keep ? 1 : 0;
        }
        return t;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The backing array (row-major); writes go into the tensor. */
    public double[] data() {
        return data;
    }

    /** Row-major flat index of a coordinate, each component range-checked. */
    public int index(int... at) {
        if (at.length != shape.length) {
            throw new IllegalArgumentException("coordinate of rank " + at.length + " for shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (at[d] < 0 || at[d] >= shape[d]) {
                throw new IndexOutOfBoundsException(Arrays.toString(at) + " outside " + Arrays.toString(shape));
            }
            flat = flat * shape[d] + at[d];
        }
        return flat;
    }

    public double get(int... at) {
        return data[index(at)];
    }

    public void set(double v, int... at) {
        data[index(at)] = v;
    }

    /** {@code this[at] += v}. */
    public void add(double v, int... at) {
        data[index(at)] += v;
    }

    /** Flat (row-major) element {@code i}. */
    public double at(int i) {
        return data[i];
    }

    public void setAt(int i, double v) {
        data[i] = v;
    }

    /**
     * Tensor axis of a per-sample axis as the language counts it: 0 is the first dimension
     * after the batch (channels or features), negative values count from the end.
     */
    public int sampleAxis(int axis) {
        int r = shape.length - 1;
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException("axis " + axis + " out of range for per-sample rank " + r);
        }
        return axis >= 0 ? axis + 1 : shape.length + axis;
    }

    /**
     * The tensor seen as {@code [outer, len, inner]} around tensor axis {@code axis}: element
     * {@code (o, k, i)} sits at flat index {@code (o·len + k)·inner + i}, k running along the axis.
     */
    public Lanes lanes(int axis) {
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        return new Lanes(outer, shape[axis], inner);
    }

    /** See {@link #lanes}. */
    public record Lanes(int outer, int len, int inner) {
        public int flat(int o, int k, int i) {
            return (o * len + k) * inner + i;
        }
    }

    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /** The same values with another shape of equal element count (a copy). */
    public Tensor reshape(int... newShape) {
        return new Tensor(data.clone(), newShape);
    }

    /** Zeros with this tensor's shape. */
    public Tensor zerosLike() {
        return new Tensor(shape);
    }

    /** {@code Σ this[i] · other[i]}; shapes must be equal. */
    public double dot(Tensor other) {
        requireSameShape(other);
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            s += data[i] * other.data[i];
        }
        return s;
    }

    public double sum() {
        double s = 0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Element-wise {@code this + other} (a new tensor). */
    public Tensor plus(Tensor other) {
        requireSameShape(other);
        Tensor r = zerosLike();
        for (int i = 0; i < data.length; i++) {
            r.data[i] = data[i] + other.data[i];
        }
        return r;
    }

    /** Element-wise {@code this · other} (a new tensor). */
    public Tensor times(Tensor other) {
        requireSameShape(other);
        Tensor r = zerosLike();
        for (int i = 0; i < data.length; i++) {
            r.data[i] = data[i] * other.data[i];
        }
        return r;
    }

    /** {@code this · k} (a new tensor). */
    public Tensor scale(double k) {
        Tensor r = zerosLike();
        for (int i = 0; i < data.length; i++) {
            r.data[i] = data[i] * k;
        }
        return r;
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    public void requireSameShape(Tensor other) {
        if (!sameShape(other)) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape));
        }
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (data.length <= 16 ? Arrays.toString(data) : "");
    }
}
