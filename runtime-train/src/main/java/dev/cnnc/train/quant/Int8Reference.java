package dev.cnnc.train.quant;

import java.util.Objects;

/**
 * The naive int8 convolution and dense layer that int8 device kernels are checked against, bit for
 * bit. Written for clarity, one output at a time; nothing here is fast.
 *
 * <p>A layer with int8 input q_x (one scale s_x for the tensor), int8 weight q_w (scale s_w[o] per
 * output channel, {@link WeightQuantizer}) and float bias b computes, for output channel o:
 * <pre>
 *   bias_q[o] = roundHalfEven(b[o] / (s_x · s_w[o]))       int32 ({@link #quantizeBias})
 *   acc       = bias_q[o] + Σ q_x · q_w                       int32, exact (see below)
 *   q_y       = clamp(round(acc · M[o]), lo, 127)             M[o] = s_x · s_w[o] / s_y ({@link Requantizer})
 * </pre>
 * with lo = 0 for a fused ReLU, else −127. Padding reads the quantized zero, which is 0 (the zero
 * point is 0). The sums are taken in long here and must fit in int32: {@link #conv2dAccumulators}
 * and {@link #denseAccumulators} refuse a layer whose accumulator leaves the int32 range, so a
 * device kernel summing in int32 in any order gets the same value without overflow. With |q| ≤ 127
 * a sum of K products is at most K · 16129, so K &lt; 133,000 products always fit next to a
 * moderate bias.
 *
 * <p>Layouts are PyTorch's: input NCHW (or [N, in]), weight OIHW with I = C / groups (or
 * [out, in]), output NCHW (or [N, out]), all C order.
 */
public final class Int8Reference {
    private Int8Reference() {
    }

    /**
     * A 2-D convolution's geometry, PyTorch's {@code Conv2d} with asymmetric zero padding allowed
     * (as cnnc's {@code pad = same} makes): output height
     * OH = ⌊(H + padTop + padBottom − dilationH · (KH − 1) − 1) / strideH⌋ + 1, likewise OW.
     */
    public record Conv2d(int batch, int channels, int height, int width, int filters, int kernelH, int kernelW,
            int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight, int dilationH,
            int dilationW, int groups) {
        public Conv2d {
            if (batch < 0 || channels < 1 || height < 1 || width < 1 || filters < 1 || kernelH < 1 || kernelW < 1
                    || strideH < 1 || strideW < 1 || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0
                    || dilationH < 1 || dilationW < 1 || groups < 1) {
                throw new IllegalArgumentException("invalid convolution geometry: " + this);
            }
            if (channels % groups != 0 || filters % groups != 0) {
                throw new IllegalArgumentException("groups " + groups + " must divide both the " + channels
                    + " input channels and the " + filters + " filters");
            }
            if (height + padTop + padBottom < dilationH * (kernelH - 1) + 1
                    || width + padLeft + padRight < dilationW * (kernelW - 1) + 1) {
                throw new IllegalArgumentException("the kernel does not fit in the padded input: " + this);
            }
        }

        /** Square kernel, stride, dilation and symmetric padding: PyTorch's usual {@code Conv2d}. */
        public static Conv2d of(int batch, int channels, int height, int width, int filters, int kernel, int stride,
                int pad, int dilation, int groups) {
            return new Conv2d(batch, channels, height, width, filters, kernel, kernel, stride, stride, pad, pad,
                pad, pad, dilation, dilation, groups);
        }

        /** The output height OH. */
        public int outHeight() {
            return (height + padTop + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
        }

        /** The output width OW. */
        public int outWidth() {
            return (width + padLeft + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
        }

        /** Input channels per group, the weight's I dimension. */
        public int channelsPerGroup() {
            return channels / groups;
        }

        /** The weight's shape, OIHW. */
        public long[] weightShape() {
            return new long[] {filters, channelsPerGroup(), kernelH, kernelW};
        }

        /** N·C·H·W. */
        public int inputSize() {
            return Math.multiplyExact(Math.multiplyExact(batch, channels), Math.multiplyExact(height, width));
        }

        /** N·O·OH·OW. */
        public int outputSize() {
            return Math.multiplyExact(Math.multiplyExact(batch, filters), Math.multiplyExact(outHeight(), outWidth()));
        }

        /** The products summed into one accumulator, I·KH·KW. */
        public int reduction() {
            return channelsPerGroup() * kernelH * kernelW;
        }
    }

    /** A layer's int32 accumulators and its requantized int8 outputs, in the output layout (not copied). */
    public record Output(int[] accumulators, byte[] values) {
    }

    /**
     * bias_q[o] = roundHalfEven(b[o] / (s_x · s_w[o])) in double, as int32; a null bias gives zeros.
     *
     * @throws IllegalArgumentException naming the channel if a quantized bias does not fit in int32
     *     (a channel with a tiny weight scale and a large bias), or a scale is not positive
     */
    public static int[] quantizeBias(float[] bias, float inputScale, float[] weightScales) {
        int[] q = new int[weightScales.length];
        if (bias == null) {
            return q;
        }
        if (bias.length != weightScales.length) {
            throw new IllegalArgumentException("the bias has " + bias.length + " values for "
                + weightScales.length + " output channels");
        }
        for (int o = 0; o < q.length; o++) {
            double s = (double) inputScale * weightScales[o];
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("channel " + o + ": the bias scale s_x·s_w = " + s + " is not positive");
            }
            double v = Math.rint(bias[o] / s);
            if (!(v >= Integer.MIN_VALUE + 1 && v <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("channel " + o + ": bias " + bias[o] + " at scale " + s
                    + " is " + v + " in int32 steps, beyond int32");
            }
            q[o] = (int) v;
        }
        return q;
    }

    /**
     * The int32 accumulators of an int8 convolution, [N, O, OH, OW]: bias_q[o] + Σ over the group's
     * input channels ci, kernel rows kh and columns kw of x[n, g·I + ci, ih, iw] · w[o, ci, kh, kw]
     * with ih = oh·strideH − padTop + kh·dilationH (likewise iw), terms outside the input being 0.
     *
     * @param biasQ int32 bias per output channel, or null
     * @throws ArithmeticException naming the output if an accumulator leaves the int32 range
     */
    public static int[] conv2dAccumulators(Conv2d g, byte[] x, byte[] w, int[] biasQ) {
        checkLength("input", x.length, g.inputSize());
        checkLength("weight", w.length, g.filters() * g.reduction());
        if (biasQ != null) {
            checkLength("bias", biasQ.length, g.filters());
        }
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cpg = g.channelsPerGroup();
        int opg = g.filters() / g.groups();
        int[] out = new int[g.outputSize()];
        int i = 0;
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.filters(); o++) {
                int group = o / opg;
                for (int y = 0; y < oh; y++) {
                    for (int xo = 0; xo < ow; xo++) {
                        long acc = biasQ == null ? 0 : biasQ[o];
                        for (int ci = 0; ci < cpg; ci++) {
                            int c = group * cpg + ci;
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int ih = y * g.strideH() - g.padTop() + kh * g.dilationH();
                                if (ih < 0 || ih >= g.height()) {
                                    continue;
                                }
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int iw = xo * g.strideW() - g.padLeft() + kw * g.dilationW();
                                    if (iw < 0 || iw >= g.width()) {
                                        continue;
                                    }
                                    int xi = ((n * g.channels() + c) * g.height() + ih) * g.width() + iw;
                                    int wi = ((o * cpg + ci) * g.kernelH() + kh) * g.kernelW() + kw;
                                    acc += x[xi] * w[wi];
                                }
                            }
                        }
                        out[i++] = toInt(acc, "output [" + n + ", " + o + ", " + y + ", " + xo + "]");
                    }
                }
            }
        }
        return out;
    }

    /**
     * The int32 accumulators of an int8 dense layer, [N, out]: bias_q[o] + Σ_k x[n, k] · w[o, k].
     *
     * @param biasQ int32 bias per output, or null
     * @throws ArithmeticException naming the output if an accumulator leaves the int32 range
     */
    public static int[] denseAccumulators(int batch, int in, int out, byte[] x, byte[] w, int[] biasQ) {
        checkLength("input", x.length, Math.multiplyExact(batch, in));
        checkLength("weight", w.length, Math.multiplyExact(out, in));
        if (biasQ != null) {
            checkLength("bias", biasQ.length, out);
        }
        int[] acc = new int[Math.multiplyExact(batch, out)];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                long a = biasQ == null ? 0 : biasQ[o];
                for (int k = 0; k < in; k++) {
                    a += x[n * in + k] * w[o * in + k];
                }
                acc[n * out + o] = toInt(a, "output [" + n + ", " + o + "]");
            }
        }
        return acc;
    }

    /**
     * Requantizes accumulators laid out [N, channels, spatial] (spatial = OH·OW, or 1 for a dense
     * layer) with channel o's requantizer: clamp(round(acc · M[o]), relu ? 0 : −127, 127).
     */
    public static byte[] requantize(int[] acc, int channels, int spatial, Requantizer[] perChannel, boolean relu) {
        Objects.requireNonNull(perChannel, "perChannel");
        if (perChannel.length != channels || channels * spatial == 0 || acc.length % (channels * spatial) != 0) {
            throw new IllegalArgumentException(acc.length + " accumulators are not [N, " + channels + ", "
                + spatial + "] with " + perChannel.length + " requantizers");
        }
        byte[] q = new byte[acc.length];
        for (int i = 0; i < acc.length; i++) {
            q[i] = (byte) perChannel[(i / spatial) % channels].apply(acc[i], relu);
        }
        return q;
    }

    /**
     * The real values the accumulators represent, {@code (float) acc · (s_x · s_w[o])} in float (the
     * int-to-float conversion and both products rounded to nearest, as in OpenCL C): a last
     * layer's float output (logits) when it is not requantized.
     */
    public static float[] dequantize(int[] acc, int channels, int spatial, float inputScale, float[] weightScales) {
        if (weightScales.length != channels || channels * spatial == 0 || acc.length % (channels * spatial) != 0) {
            throw new IllegalArgumentException(acc.length + " accumulators are not [N, " + channels + ", "
                + spatial + "] with " + weightScales.length + " scales");
        }
        float[] r = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            r[i] = (float) acc[i] * (inputScale * weightScales[(i / spatial) % channels]);
        }
        return r;
    }

    /**
     * A quantized convolution from end to end: the bias quantized at s_x·s_w, the accumulators, and
     * the outputs at {@code outputScale}.
     */
    public static Output conv2d(Conv2d g, byte[] x, float inputScale, WeightQuantizer.QuantizedWeight w,
            float[] bias, float outputScale, boolean relu) {
        float[] sw = w.scales();
        int[] acc = conv2dAccumulators(g, x, w.values(), quantizeBias(bias, inputScale, sw));
        Requantizer[] r = Requantizer.perChannel(inputScale, sw, outputScale);
        return new Output(acc, requantize(acc, g.filters(), g.outHeight() * g.outWidth(), r, relu));
    }

    /** A quantized dense layer from end to end, as {@link #conv2d}; the weight is [out, in]. */
    public static Output dense(int batch, byte[] x, float inputScale, WeightQuantizer.QuantizedWeight w,
            float[] bias, float outputScale, boolean relu) {
        float[] sw = w.scales();
        int out = w.channels();
        int in = w.perChannel();
        int[] acc = denseAccumulators(batch, in, out, x, w.values(), quantizeBias(bias, inputScale, sw));
        Requantizer[] r = Requantizer.perChannel(inputScale, sw, outputScale);
        return new Output(acc, requantize(acc, out, 1, r, relu));
    }

    private static int toInt(long acc, String where) {
        if (acc != (int) acc) {
            throw new ArithmeticException(where + ": the accumulator " + acc + " leaves the int32 range");
        }
        return (int) acc;
    }

    private static void checkLength(String what, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException("the " + what + " has " + length + " elements, the geometry needs "
                + expected);
        }
    }
}
