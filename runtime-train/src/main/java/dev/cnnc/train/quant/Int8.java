package dev.cnnc.train.quant;

/**
 * The symmetric int8 scheme every class of this package shares, in one place: a real value r is
 * q·s for an int8 q in [{@value #QMIN}, {@value #QMAX}] and a positive float scale s, with zero
 * point 0.
 *
 * <p>The range is TensorRT's [-127, 127], not [-128, 127]: symmetric, so that negating a quantized
 * value never overflows and a clip threshold amax maps to ±127 on both sides; -128 is never
 * produced and the readers refuse it in weights.
 *
 * <p>Formulas:
 * <pre>
 *   s = amax / 127                         (amax &gt; 0; amax = 0 gives s = 1, see {@link #scale})
 *   q = clamp(roundHalfEven(r / s), -127, 127)
 *   r' = q · s                             |r − r'| ≤ s/2 whenever |r| ≤ 127.5·s
 * </pre>
 * The division r / s is done in double on the float scale as stored, so that quantizing again
 * from a file's scales gives the same q; round-half-to-even is {@link Math#rint}, as
 * {@code torch.round} and {@code std::nearbyint} in the default rounding mode.
 */
public final class Int8 {
    /** The largest quantized value. */
    public static final int QMAX = 127;
    /** The smallest quantized value (not -128: the range is symmetric). */
    public static final int QMIN = -127;

    private Int8() {
    }

    /**
     * The scale for a clip threshold: {@code (float) (amax / 127)}.
     *
     * <p>amax = 0 (an all-zero weight channel, an activation that was always 0) gives s = 1: every
     * value quantizes to 0 and dequantizes exactly, and no division by zero can follow. A positive
     * amax so small that amax / 127 is below {@link Float#MIN_NORMAL} gives {@code MIN_NORMAL}, so
     * that the scale stays a normal float whose reciprocal is finite (values then quantize to less
     * than ±127, which only costs precision on values that are already below 10^-36).
     *
     * @throws IllegalArgumentException if amax is negative, NaN or infinite
     */
    public static float scale(double amax) {
        if (!(amax >= 0) || Double.isInfinite(amax)) {
            throw new IllegalArgumentException("a clip threshold must be finite and non-negative, not " + amax);
        }
        if (amax == 0) {
            return 1f;
        }
        float s = (float) (amax / QMAX);
        return Math.max(s, Float.MIN_NORMAL);
    }

    /**
     * {@code clamp(roundHalfEven(r / s), -127, 127)}, the division in double: for weights, which
     * are quantized once, on the host. Activations use {@link #quantize(float[], float)}.
     */
    public static int quantize(double r, float s) {
        double q = Math.rint(r / s);
        if (q > QMAX) {
            return QMAX;
        }
        if (q < QMIN) {
            return QMIN;
        }
        return (int) q;
    }

    /**
     * Quantizes every element of {@code r} at scale {@code s} (an activation tensor, per-tensor
     * scale) as PyTorch's quantize_per_tensor does on a CPU: {@code clamp(roundHalfEven(r · inv),
     * -127, 127)} with {@code inv = 1f / s} ({@link #inverse}), all in float; NaN gives 0. Float
     * products and the division are correctly rounded in Java and in OpenCL C, so a device kernel
     * given {@code inv} gets the same bits without double precision.
     */
    public static byte[] quantize(float[] r, float s) {
        float inv = inverse(s);
        byte[] q = new byte[r.length];
        for (int i = 0; i < r.length; i++) {
            q[i] = (byte) activation(r[i], inv);
        }
        return q;
    }

    /** {@code 1f / s}, the multiplier an activation is quantized with. */
    public static float inverse(float s) {
        return 1f / s;
    }

    /** One activation: {@code clamp(roundHalfEven(x · inv), -127, 127)} in float; NaN gives 0. */
    public static int activation(float x, float inv) {
        float q = (float) Math.rint(x * inv);
        if (q > QMAX) {
            return QMAX;
        }
        if (q < QMIN) {
            return QMIN;
        }
        return (int) q; // NaN: 0
    }

    /** q · s for every element, in float (exact products rounded once). */
    public static float[] dequantize(byte[] q, float s) {
        float[] r = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            r[i] = q[i] * s;
        }
        return r;
    }

    /** Clamps {@code v} to [lo, hi]. */
    static long clamp(long v, long lo, long hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
