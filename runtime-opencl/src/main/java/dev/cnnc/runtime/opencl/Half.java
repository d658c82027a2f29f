package dev.cnnc.runtime.opencl;

/**
 * IEEE 754 binary16 (fp16) to and from float on the host, as OpenCL's {@code vload_half} and
 * {@code vstore_half} (round to nearest even) do on the device: for reading a mixed-precision
 * program's half buffers ({@link Program.Buffer#half}) and for tests.
 */
public final class Half {
    /** The largest finite fp16 value. */
    public static final float MAX = 65504f;

    private Half() {
    }

    /** The float value of the fp16 bits {@code h}. */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf or NaN
        }
        if (exp == 0) { // zero or subnormal: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The fp16 bits nearest {@code f} (ties to even; beyond the range: infinity; NaN stays NaN). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
        }
        if (abs >= 0x477ff000) { // rounds to 65536 or more: infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) { // below the smallest normal (2^-14): a subnormal, in units of 2^-24
            float a = Float.intBitsToFloat(abs);
            int q = (int) Math.rint(a * 0x1p24f); // exact scaling by a power of two, then ties to even
            return (short) (sign | q);
        }
        int exp = (abs >>> 23) - 112;
        int mant = abs & 0x7fffff;
        int h = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
            h++; // carries into the exponent correctly
        }
        return (short) (sign | h);
    }

    /** {@code f} rounded to the nearest fp16 value, as a float. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
