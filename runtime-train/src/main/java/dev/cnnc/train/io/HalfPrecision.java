package dev.cnnc.train.io;

/**
 * Conversions between binary32 and the two 16-bit float formats, bit for bit as PyTorch converts
 * ({@code tensor.half()}, {@code tensor.bfloat16()}, and back with {@code .float()}): rounding to
 * nearest with ties to even, overflow to infinity, and a NaN becoming PyTorch's canonical NaN
 * (binary16 {@code 0x7E00} with the sign kept, bfloat16 {@code 0x7FC0} as {@code c10::BFloat16}
 * makes it; PyTorch's vectorized CPU conversion writes {@code 0xFFFF} instead, another NaN).
 * Widening is exact.
 * (Java 17 has no {@code Float.floatToFloat16}.)
 */
public final class HalfPrecision {
    private HalfPrecision() {
    }

    /** The binary16 value with bits {@code h}, exactly, as a float. NaN payloads are kept. */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa · 2^-24, exact in binary32
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** {@code f} rounded to the nearest binary16 (ties to even), as its bits. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude > 0x7f800000) {
            return (short) (sign | 0x7e00);
        }
        if (magnitude >= 0x477ff000) {
            // 65520 and above: halfway between 65504 (the largest binary16) and 2^16 or beyond,
            // and the tie goes to the even 2^16, which is infinity
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x38800000) {
            // below 2^-14, the smallest normal: a subnormal m · 2^-24; scaling by 2^24 is exact and
            // rint rounds ties to even. m = 1024 is the bit pattern of 2^-14, so it needs no fix-up.
            int m = (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f);
            return (short) (sign | m);
        }
        // normal: rebias the exponent (127 → 15) and keep 10 of the 23 mantissa bits; a carry out
        // of the mantissa correctly increments the exponent
        int h = (magnitude >>> 13) - ((127 - 15) << 10);
        int rest = magnitude & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
            h++;
        }
        return (short) (sign | h);
    }

    /** The bfloat16 value with bits {@code b}, exactly, as a float. */
    public static float bf16ToFloat(short b) {
        return Float.intBitsToFloat((b & 0xffff) << 16);
    }

    /** {@code f} rounded to the nearest bfloat16 (ties to even), as its bits. */
    public static short floatToBf16(float f) {
        if (Float.isNaN(f)) {
            return (short) 0x7fc0;
        }
        int bits = Float.floatToRawIntBits(f);
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7fff + lsb) >>> 16);
    }
}
