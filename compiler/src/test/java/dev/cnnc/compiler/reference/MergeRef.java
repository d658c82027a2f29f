package dev.cnnc.compiler.reference;

import java.util.Arrays;

/**
 * Reference ops that join values, forward and backward: {@code add} (n inputs of equal
 * shape), {@code mul} (n inputs, NumPy broadcasting of the per-sample shapes aligned on the
 * right; the batch dimension must agree) and {@code concat} along a per-sample axis.
 */
public final class MergeRef {
    private MergeRef() {
    }

    // ---------------------------------------------------------------- add

    /** {@code add}: {@code y = Σ_i x_i}, all of one shape. */
    public static Tensor add(Tensor... xs) {
        Tensor y = xs[0].zerosLike();
        for (Tensor x : xs) {
            y = y.plus(x);
        }
        return y;
    }

    /** Backward of {@link #add}: every input gets {@code dy}. */
    public static Tensor[] addBackward(int inputs, Tensor dy) {
        Tensor[] dxs = new Tensor[inputs];
        for (int i = 0; i < inputs; i++) {
            dxs[i] = dy.copy();
        }
        return dxs;
    }

    // ---------------------------------------------------------------- mul

    /**
     * The broadcast shape {@code [N, ...]} of the inputs: per-sample shapes aligned on the right,
     * a missing dimension counts as 1, and each dimension must be equal or 1.
     */
    public static int[] broadcastShape(Tensor... xs) {
        int rank = 0;
        for (Tensor x : xs) {
            rank = Math.max(rank, x.rank() - 1);
            if (x.dim(0) != xs[0].dim(0)) {
                throw new IllegalArgumentException("batch sizes differ");
            }
        }
        int[] out = new int[rank + 1];
        Arrays.fill(out, 1);
        out[0] = xs[0].dim(0);
        for (Tensor x : xs) {
            int r = x.rank() - 1;
            for (int d = 0; d < r; d++) {
                int o = rank - r + d + 1;
                int v = x.dim(d + 1);
                if (out[o] != v && out[o] != 1 && v != 1) {
                    throw new IllegalArgumentException("shapes do not broadcast: " + Arrays.toString(x.shape()));
                }
                out[o] = Math.max(out[o], v);
            }
        }
        return out;
    }

    /** Coordinate of input x read by output coordinate {@code at}: the last dims, 0 where x has size 1. */
    private static int[] source(Tensor x, int[] at) {
        int[] src = new int[x.rank()];
        src[0] = at[0];
        int shift = at.length - x.rank();
        for (int d = 1; d < x.rank(); d++) {
            src[d] = x.dim(d) == 1 ? 0 : at[d + shift];
        }
        return src;
    }

    /** Row-major coordinate of flat index {@code flat} in {@code shape}. */
    static int[] unravel(int flat, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = flat % shape[d];
            flat /= shape[d];
        }
        return at;
    }

    /** {@code mul}: {@code y[n, i] = Π_k x_k[n, i broadcast into x_k's shape]}. */
    public static Tensor mul(Tensor... xs) {
        Tensor y = new Tensor(broadcastShape(xs));
        for (int f = 0; f < y.size(); f++) {
            int[] at = unravel(f, y.shape());
            double prod = 1;
            for (Tensor x : xs) {
                prod *= x.get(source(x, at));
            }
            y.setAt(f, prod);
        }
        return y;
    }

    /**
     * Backward of {@link #mul}: {@code dx_k[n, src_k(i)] += dy[n, i] · Π_{j≠k} x_j[n, src_j(i)]},
     * summing over the output positions that read each input element (the broadcast ones).
     */
    public static Tensor[] mulBackward(Tensor[] xs, Tensor dy) {
        Tensor[] dxs = new Tensor[xs.length];
        for (int k = 0; k < xs.length; k++) {
            dxs[k] = xs[k].zerosLike();
        }
        for (int f = 0; f < dy.size(); f++) {
            int[] at = unravel(f, dy.shape());
            for (int k = 0; k < xs.length; k++) {
                double others = 1;
                for (int j = 0; j < xs.length; j++) {
                    if (j != k) {
                        others *= xs[j].get(source(xs[j], at));
                    }
                }
                dxs[k].add(dy.at(f) * others, source(xs[k], at));
            }
        }
        return dxs;
    }

    // ---------------------------------------------------------------- concat

    /** {@code concat} along per-sample {@code axis}: inputs placed one after another along it. */
    public static Tensor concat(int axis, Tensor... xs) {
        int ax = xs[0].sampleAxis(axis);
        int[] shape = xs[0].shape();
        shape[ax] = 0;
        for (Tensor x : xs) {
            for (int d = 0; d < shape.length; d++) {
                if (d != ax && x.dim(d) != shape[d]) {
                    throw new IllegalArgumentException("concat: shapes differ outside the axis");
                }
            }
            shape[ax] += x.dim(ax);
        }
        Tensor y = new Tensor(shape);
        int offset = 0;
        for (Tensor x : xs) {
            for (int f = 0; f < x.size(); f++) {
                int[] at = unravel(f, x.shape());
                at[ax] += offset;
                y.set(x.at(f), at);
            }
            offset += x.dim(ax);
        }
        return y;
    }

    /** Backward of {@link #concat}: each input gets its slice of {@code dy}; {@code shapes} are the inputs' shapes. */
    public static Tensor[] concatBackward(int axis, int[][] shapes, Tensor dy) {
        int ax = dy.sampleAxis(axis);
        Tensor[] dxs = new Tensor[shapes.length];
        int offset = 0;
        for (int k = 0; k < shapes.length; k++) {
            dxs[k] = new Tensor(shapes[k]);
            for (int f = 0; f < dxs[k].size(); f++) {
                int[] at = unravel(f, shapes[k]);
                int[] src = at.clone();
                src[ax] += offset;
                dxs[k].setAt(f, dy.get(src));
            }
            offset += shapes[k][ax];
        }
        return dxs;
    }
}
