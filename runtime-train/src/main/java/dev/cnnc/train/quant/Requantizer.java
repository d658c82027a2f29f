package dev.cnnc.train.quant;

/**
 * Integer requantization: from a layer's int32 accumulator to the next tensor's int8, with no
 * floating point at run time, so that a device kernel gives the same bits as this class.
 *
 * <p>A layer computes acc = Σ q_x·q_w + bias_q in int32, which represents acc · s_x · s_w[o]; the
 * output is represented at scale s_y, so q_y = acc · M with the real multiplier
 * M = s_x · s_w[o] / s_y. M is held as a fixed-point number, gemmlowp/TFLite style: an int32
 * {@code multiplier} m in [2^30, 2^31) and a right {@code shift} n in [1, 62], M ≈ m / 2^n
 * (m = 0 for an M too small to change any output, below).
 *
 * <h2>Choosing m and n ({@link #of})</h2>
 * <pre>
 *   M = f · 2^e with f in [0.5, 1)                  (Math.getExponent, frexp in C)
 *   m = roundHalfEven(f · 2^31);  if m = 2^31: m = 2^30, e = e + 1
 *   n = 31 − e                                       relative error |m/2^n − M| / M ≤ 2^−31
 * </pre>
 * M must be below 2^30 (n ≥ 1). M below 2^−32 gives m = 0, n = 31: then |acc · M| &lt; 2^31 · 2^−32
 * = 1/2 for every int32 acc, so the exact result is 0, which m = 0 gives.
 *
 * <h2>Applying it ({@link #apply}), transcribable to OpenCL C</h2>
 * <pre>
 *   long p = (long) acc * (long) m;                       // |p| &lt; 2^62: no overflow
 *   long r = (p + (1L &lt;&lt; (n − 1)) − (p &lt; 0 ? 1 : 0)) &gt;&gt; n;  // arithmetic shift
 *   q_y = (int) clamp(r, lo, 127)                          // lo = −127, or 0 with a fused ReLU
 * </pre>
 * r is p / 2^n rounded to nearest, ties away from zero (for p ≥ 0, ⌊(p + 2^(n−1)) / 2^n⌋; for
 * p &lt; 0, ⌈(p − 2^(n−1)) / 2^n⌉ written as a floor): one rounding of the exact product, so
 * r = round(acc · m / 2^n) exactly. |r| &lt; 2^61, and the clamp is done on the 64-bit r, so no
 * accumulator, however large, can wrap around. The constant 2^(n−1) fits in a long for n ≤ 62.
 * OpenCL C has 64-bit {@code long} on every full-profile device; {@code mul_hi} is an
 * equivalent for a faster kernel as long as the result is the same.
 *
 * <p>This is a single rounding, unlike gemmlowp's {@code SaturatingRoundingDoublingHighMul}
 * followed by {@code RoundingDivideByPOT}, which round twice (to 2^−31, then to an integer) and so
 * differ from round(acc · m / 2^n) by one when the first rounding lands on a tie. TFLite's newer
 * single-rounding path is this computation with ties rounded up instead of away from zero;
 * away from zero keeps the int8 grid symmetric (q(−x) = −q(x)), as the symmetric scheme is.
 *
 * <p>The ReLU bound lo = 0 is exact: relu(x) quantized is clamp(q(x), 0, 127) because the zero
 * point is 0. Without ReLU lo = −127 ({@link Int8#QMIN}); −128 is never produced.
 *
 * @param multiplier m, in [2^30, 2^31), or 0
 * @param shift n, in [1, 62]
 */
public record Requantizer(int multiplier, int shift) {
    /** The smallest M that is not rounded to 0: 2^−32. */
    public static final double MIN_MULTIPLIER = 0x1p-32;
    /** M must be below this: 2^30 (n ≥ 1). */
    public static final double MAX_MULTIPLIER = 0x1p30;

    public Requantizer {
        if (multiplier == 0 ? shift != 31 : multiplier < (1 << 30) || shift < 1 || shift > 62) {
            throw new IllegalArgumentException("a requantizer needs a multiplier in [2^30, 2^31) and a shift in "
                + "[1, 62] (or multiplier 0 with shift 31); got " + multiplier + ", " + shift);
        }
    }

    /**
     * The fixed-point form of the real multiplier M (see the class comment).
     *
     * @throws IllegalArgumentException if M is not in [0, 2^30) or not finite
     */
    public static Requantizer of(double realMultiplier) {
        double m = realMultiplier;
        if (!(m >= 0 && m < MAX_MULTIPLIER)) {
            throw new IllegalArgumentException("a requantization multiplier s_x·s_w/s_y must be in [0, 2^30), not "
                + m + " (a scale is zero, infinite or NaN, or the scales are inconsistent)");
        }
        if (m < MIN_MULTIPLIER) {
            return new Requantizer(0, 31);
        }
        int e = Math.getExponent(m) + 1; // m = f · 2^e, f in [0.5, 1)
        double f = Math.scalb(m, -e);
        long q = (long) Math.rint(Math.scalb(f, 31));
        if (q == 1L << 31) {
            q = 1L << 30;
            e++;
            if (e > 30) { // M within 2^-32 of 2^30 rounds up to it
                throw new IllegalArgumentException("a requantization multiplier s_x·s_w/s_y must be below 2^30, "
                    + "and " + m + " rounds up to it");
            }
        }
        return new Requantizer((int) q, 31 - e);
    }

    /**
     * The multipliers of a layer with per-channel weight scales: M[o] = s_x · s_w[o] / s_y,
     * computed in double from the float scales.
     */
    public static Requantizer[] perChannel(float inputScale, float[] weightScales, float outputScale) {
        Requantizer[] r = new Requantizer[weightScales.length];
        for (int o = 0; o < r.length; o++) {
            r[o] = of((double) inputScale * weightScales[o] / outputScale);
        }
        return r;
    }

    /** The multiplier this represents, m / 2^n, exactly. */
    public double real() {
        return Math.scalb((double) multiplier, -shift);
    }

    /** round(acc · m / 2^n), ties away from zero, without clamping; |result| &lt; 2^61. */
    public long scale(int acc) {
        long p = (long) acc * multiplier;
        return (p + (1L << (shift - 1)) - (p < 0 ? 1 : 0)) >> shift;
    }

    /** clamp(round(acc · M), −127, 127): the int8 output without activation. */
    public int apply(int acc) {
        return (int) Int8.clamp(scale(acc), Int8.QMIN, Int8.QMAX);
    }

    /** clamp(round(acc · M), relu ? 0 : −127, 127). */
    public int apply(int acc, boolean relu) {
        return (int) Int8.clamp(scale(acc), relu ? 0 : Int8.QMIN, Int8.QMAX);
    }
}
