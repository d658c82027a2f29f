package dev.cnnc.train.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor on the host, as it goes into or comes out of a file: an element type, a shape in
 * PyTorch's layout (convolution weights [out, in, kh, kw], dense weights [out, in], scalars []),
 * and the elements in C (row-major) order, held as little-endian bytes exactly as safetensors and
 * NPY store them, so reading and writing never changes a bit.
 *
 * <p>Immutable: the factories copy what they are given and the accessors return fresh arrays, so
 * a tensor can be shared freely. The {@code to...Array} accessors convert: to float and double
 * by rounding to nearest; to long and int only where every element is exactly an integer that
 * fits (anything else is an {@link ArithmeticException}). One tensor holds at most
 * {@link #MAX_BYTES} bytes, the limit of a Java array.
 */
public final class HostTensor {
    /** The most bytes one tensor may hold. */
    public static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final int SHOWN = 8;

    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private HostTensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    // ---- construction ----

    /** A tensor of {@code dtype} and {@code shape} whose elements are {@code littleEndian} (copied). */
    public static HostTensor of(DType dtype, long[] shape, byte[] littleEndian) {
        long[] s = checkedShape(shape);
        int n = byteSize(dtype, s);
        if (littleEndian.length != n) {
            throw new IllegalArgumentException(dtype + " " + shapeString(s) + " needs " + n + " bytes, got "
                + littleEndian.length);
        }
        return new HostTensor(dtype, s, littleEndian.clone());
    }

    /** As {@link #of} without copying: for readers that hand over a buffer they own. */
    static HostTensor wrap(DType dtype, long[] shape, byte[] littleEndian) {
        return new HostTensor(dtype, shape.clone(), littleEndian);
    }

    /** A tensor of zeros (false for BOOL). */
    public static HostTensor zeros(DType dtype, long... shape) {
        long[] s = checkedShape(shape);
        return new HostTensor(dtype, s, new byte[byteSize(dtype, s)]);
    }

    /** An F32 tensor. */
    public static HostTensor ofFloats(long[] shape, float... values) {
        ByteBuffer b = allocate(DType.F32, shape, values.length);
        b.asFloatBuffer().put(values);
        return new HostTensor(DType.F32, shape.clone(), b.array());
    }

    /** An F64 tensor. */
    public static HostTensor ofDoubles(long[] shape, double... values) {
        ByteBuffer b = allocate(DType.F64, shape, values.length);
        b.asDoubleBuffer().put(values);
        return new HostTensor(DType.F64, shape.clone(), b.array());
    }

    /** An I64 tensor. */
    public static HostTensor ofLongs(long[] shape, long... values) {
        ByteBuffer b = allocate(DType.I64, shape, values.length);
        b.asLongBuffer().put(values);
        return new HostTensor(DType.I64, shape.clone(), b.array());
    }

    /** An I32 tensor. */
    public static HostTensor ofInts(long[] shape, int... values) {
        ByteBuffer b = allocate(DType.I32, shape, values.length);
        b.asIntBuffer().put(values);
        return new HostTensor(DType.I32, shape.clone(), b.array());
    }

    /** A U8 tensor; each byte is read as unsigned (byte -1 is 255). */
    public static HostTensor ofUnsignedBytes(long[] shape, byte... values) {
        ByteBuffer b = allocate(DType.U8, shape, values.length);
        b.put(values);
        return new HostTensor(DType.U8, shape.clone(), b.array());
    }

    /** A BOOL tensor. */
    public static HostTensor ofBooleans(long[] shape, boolean... values) {
        ByteBuffer b = allocate(DType.BOOL, shape, values.length);
        for (boolean v : values) {
            b.put((byte) (v ? 1 : 0));
        }
        return new HostTensor(DType.BOOL, shape.clone(), b.array());
    }

    /**
     * A tensor of any {@code dtype} from doubles: F32 rounds to nearest; F16 and BF16 round through
     * F32 as PyTorch does ({@code torch.tensor(x, dtype=torch.float64).half()}); integer types need
     * exact integers in their range; BOOL is true for non-zero (NaN included).
     *
     * @throws ArithmeticException if an integer type cannot hold an element exactly
     */
    public static HostTensor fromDoubles(DType dtype, long[] shape, double... values) {
        ByteBuffer b = allocate(dtype, shape, values.length);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            switch (dtype) {
                case F64:
                    b.putDouble(v);
                    break;
                case F32:
                    b.putFloat((float) v);
                    break;
                case F16:
                    b.putShort(HalfPrecision.floatToHalf((float) v));
                    break;
                case BF16:
                    b.putShort(HalfPrecision.floatToBf16((float) v));
                    break;
                case BOOL:
                    b.put((byte) (v != 0 || Double.isNaN(v) ? 1 : 0));
                    break;
                default:
                    putInteger(b, dtype, exactLong(v, dtype, i), i);
                    break;
            }
        }
        return new HostTensor(dtype, shape.clone(), b.array());
    }

    /**
     * A tensor of any {@code dtype} from longs: floating types round to nearest (F16 and BF16
     * through F32); integer types need each value in their range; BOOL is true for non-zero.
     *
     * @throws ArithmeticException if an integer type cannot hold an element
     */
    public static HostTensor fromLongs(DType dtype, long[] shape, long... values) {
        ByteBuffer b = allocate(dtype, shape, values.length);
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            switch (dtype) {
                case F64:
                    b.putDouble(v);
                    break;
                case F32:
                    b.putFloat(v);
                    break;
                case F16:
                    b.putShort(HalfPrecision.floatToHalf(v));
                    break;
                case BF16:
                    b.putShort(HalfPrecision.floatToBf16(v));
                    break;
                case BOOL:
                    b.put((byte) (v != 0 ? 1 : 0));
                    break;
                default:
                    putInteger(b, dtype, v, i);
                    break;
            }
        }
        return new HostTensor(dtype, shape.clone(), b.array());
    }

    /**
     * This tensor as {@code target}, converted as {@link #fromDoubles} (from a floating type) or
     * {@link #fromLongs} (from an integer type or BOOL) convert; the same tensor if already so.
     */
    public HostTensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        return dtype.isFloatingPoint()
            ? fromDoubles(target, shape, toDoubleArray())
            : fromLongs(target, shape, toLongArray());
    }

    /** The same elements with another shape of the same element count (shares the bytes). */
    public HostTensor reshape(long... newShape) {
        long[] s = checkedShape(newShape);
        if (numel(s) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + shapeString(shape) + " (" + numel()
                + " elements) to " + shapeString(s) + " (" + numel(s) + " elements)");
        }
        return new HostTensor(dtype, s, data);
    }

    // ---- what it is ----

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy); [] for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} of the shape. */
    public long dim(int i) {
        return shape[i];
    }

    /** The number of elements: the product of the shape, 1 for a scalar, 0 if a dimension is 0. */
    public long numel() {
        return numel(shape);
    }

    /** The number of bytes the elements take. */
    public int byteSize() {
        return data.length;
    }

    /** The elements as little-endian bytes in C order (a copy). */
    public byte[] bytes() {
        return data.clone();
    }

    /** A read-only little-endian view of the bytes, without copying. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes themselves, for writers in this package; never modified. */
    byte[] rawData() {
        return data;
    }

    // ---- the elements ----

    /** The elements as floats: exact for F32, F16, BF16; rounded to nearest otherwise. */
    public float[] toFloatArray() {
        int n = (int) numel();
        float[] out = new float[n];
        ByteBuffer b = le();
        switch (dtype) {
            case F32:
                b.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble();
                }
                break;
            case F16:
                for (int i = 0; i < n; i++) {
                    out[i] = HalfPrecision.halfToFloat(b.getShort());
                }
                break;
            case BF16:
                for (int i = 0; i < n; i++) {
                    out[i] = HalfPrecision.bf16ToFloat(b.getShort());
                }
                break;
            default:
                long[] longs = toLongArray();
                for (int i = 0; i < n; i++) {
                    out[i] = longs[i];
                }
                break;
        }
        return out;
    }

    /** The elements as doubles: exact except for I64 values beyond 2^53, which round to nearest. */
    public double[] toDoubleArray() {
        int n = (int) numel();
        double[] out = new double[n];
        if (dtype == DType.F64) {
            le().asDoubleBuffer().get(out);
        } else if (dtype.isFloatingPoint()) {
            float[] floats = toFloatArray();
            for (int i = 0; i < n; i++) {
                out[i] = floats[i];
            }
        } else {
            long[] longs = toLongArray();
            for (int i = 0; i < n; i++) {
                out[i] = longs[i];
            }
        }
        return out;
    }

    /**
     * The elements as longs: exact for the integer types (U8 unsigned) and BOOL (0 or 1); a
     * floating-point element must be an integer in range.
     *
     * @throws ArithmeticException naming the first element that is not an integer
     */
    public long[] toLongArray() {
        int n = (int) numel();
        long[] out = new long[n];
        ByteBuffer b = le();
        switch (dtype) {
            case I64:
                b.asLongBuffer().get(out);
                break;
            case I32:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt();
                }
                break;
            case I16:
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort();
                }
                break;
            case I8:
                for (int i = 0; i < n; i++) {
                    out[i] = data[i];
                }
                break;
            case U8:
                for (int i = 0; i < n; i++) {
                    out[i] = data[i] & 0xff;
                }
                break;
            case BOOL:
                for (int i = 0; i < n; i++) {
                    out[i] = data[i] != 0 ? 1 : 0;
                }
                break;
            default:
                double[] doubles = toDoubleArray();
                for (int i = 0; i < n; i++) {
                    out[i] = exactLong(doubles[i], DType.I64, i);
                }
                break;
        }
        return out;
    }

    /**
     * The elements as ints, each exactly.
     *
     * @throws ArithmeticException naming the first element that is not an int
     */
    public int[] toIntArray() {
        int n = (int) numel();
        int[] out = new int[n];
        if (dtype == DType.I32) {
            le().asIntBuffer().get(out);
            return out;
        }
        long[] longs = toLongArray();
        for (int i = 0; i < n; i++) {
            if (longs[i] != (int) longs[i]) {
                throw new ArithmeticException(describe() + ": element " + i + " is " + longs[i]
                    + ", which an int cannot hold");
            }
            out[i] = (int) longs[i];
        }
        return out;
    }

    /** The elements as booleans: non-zero (and NaN) is true. */
    public boolean[] toBooleanArray() {
        int n = (int) numel();
        boolean[] out = new boolean[n];
        if (dtype.isFloatingPoint()) {
            double[] doubles = toDoubleArray();
            for (int i = 0; i < n; i++) {
                out[i] = doubles[i] != 0 || Double.isNaN(doubles[i]);
            }
        } else {
            long[] longs = toLongArray();
            for (int i = 0; i < n; i++) {
                out[i] = longs[i] != 0;
            }
        }
        return out;
    }

    /** The one element of a tensor with one element, as a double (like PyTorch's {@code item()}). */
    public double item() {
        requireOne();
        return toDoubleArray()[0];
    }

    /** The one element of a tensor with one element, as a long, exactly. */
    public long longItem() {
        requireOne();
        return toLongArray()[0];
    }

    // ---- shapes ----

    /** The product of {@code shape}, 1 for []. */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has more than 2^63 elements");
            }
        }
        return n;
    }

    /** A shape as PyTorch prints it in lists: {@code [6, 1, 5, 5]}, {@code []}. */
    public static String shapeString(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        return b.append(']').toString();
    }

    /**
     * The bytes {@code dtype} × {@code shape} take, or -1 when more than {@link #MAX_BYTES} (or
     * more than 2^63) so that readers can word their own error.
     */
    static long byteSizeOrMinusOne(DType dtype, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        if (n > Long.MAX_VALUE / dtype.size()) {
            return -1;
        }
        return n * dtype.size();
    }

    private static int byteSize(DType dtype, long[] shape) {
        long n = numel(shape);
        if (n > MAX_BYTES / dtype.size()) {
            throw new IllegalArgumentException(dtype + " " + shapeString(shape) + " takes more than the "
                + MAX_BYTES + " bytes one tensor can hold");
        }
        return (int) (n * dtype.size());
    }

    private static long[] checkedShape(long[] shape) {
        long[] s = shape.clone();
        numel(s);
        return s;
    }

    private static ByteBuffer allocate(DType dtype, long[] shape, int count) {
        long[] s = checkedShape(shape);
        long n = numel(s);
        if (n != count) {
            throw new IllegalArgumentException("shape " + shapeString(s) + " has " + n + " elements, got "
                + count + " values");
        }
        return ByteBuffer.allocate(byteSize(dtype, s)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer le() {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long exactLong(double v, DType target, int index) {
        if (v != Math.rint(v) || v < -0x1p63 || v >= 0x1p63) {
            throw new ArithmeticException("element " + index + " is " + v + ", which " + target
                + " cannot hold exactly");
        }
        return (long) v;
    }

    private static void putInteger(ByteBuffer b, DType dtype, long v, int index) {
        long min;
        long max;
        switch (dtype) {
            case I64:
                b.putLong(v);
                return;
            case I32:
                min = Integer.MIN_VALUE;
                max = Integer.MAX_VALUE;
                break;
            case I16:
                min = Short.MIN_VALUE;
                max = Short.MAX_VALUE;
                break;
            case I8:
                min = Byte.MIN_VALUE;
                max = Byte.MAX_VALUE;
                break;
            case U8:
                min = 0;
                max = 255;
                break;
            default:
                throw new AssertionError(dtype);
        }
        if (v < min || v > max) {
            throw new ArithmeticException("element " + index + " is " + v + ", outside the range of " + dtype
                + " [" + min + ", " + max + "]");
        }
        switch (dtype) {
            case I32:
                b.putInt((int) v);
                break;
            case I16:
                b.putShort((short) v);
                break;
            default:
                b.put((byte) v);
                break;
        }
    }

    private void requireOne() {
        if (numel() != 1) {
            throw new IllegalStateException(describe() + " has " + numel() + " elements, not one");
        }
    }

    private String describe() {
        return dtype + " " + shapeString(shape);
    }

    // ---- value semantics ----

    /** Equal when dtype, shape and every byte are equal (so NaNs compare by bits, 0.0 ≠ -0.0). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor && ((HostTensor) o).dtype == dtype
            && Arrays.equals(((HostTensor) o).shape, shape) && Arrays.equals(((HostTensor) o).data, data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    /** {@code F32 [2, 3] [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}, the elements cut after eight. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(describe()).append(" [");
        long n = numel();
        int shown = (int) Math.min(n, SHOWN);
        HostTensor head = shown == n ? this : new HostTensor(dtype, new long[] {shown},
            Arrays.copyOf(data, shown * dtype.size()));
        if (dtype.isFloatingPoint()) {
            double[] v = head.toDoubleArray();
            for (int i = 0; i < shown; i++) {
                b.append(i > 0 ? ", " : "").append(dtype == DType.F64 ? Double.toString(v[i]) : Float.toString((float) v[i]));
            }
        } else {
            long[] v = head.toLongArray();
            for (int i = 0; i < shown; i++) {
                b.append(i > 0 ? ", " : "").append(dtype == DType.BOOL ? Boolean.toString(v[i] != 0) : Long.toString(v[i]));
            }
        }
        return b.append(n > shown ? ", ...]" : "]").toString();
    }
}
