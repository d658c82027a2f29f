package dev.cnnc.train.quant;

import java.util.Arrays;
import java.util.Objects;

/**
 * One int8 layer of a quantized model (a convolution or dense layer, batchnorm folded in), as
 * {@link QuantizedModel} stores it under its name:
 * <pre>
 *   &lt;name&gt;.weight        I8  [O, ...]   q_w, each in [-127, 127], PyTorch layout (OIHW, [out, in])
 *   &lt;name&gt;.weight_scale  F32 [O]        s_w[o] = amax_o / 127
 *   &lt;name&gt;.bias          F32 [O]        the float bias with batchnorm folded in (zeros if none)
 *   &lt;name&gt;.input_scale   F32 []         s_x = amax / 127 of the layer's input activation ([1] read too)
 *   &lt;name&gt;.output_scale  F32 []         s_y of the layer's int8 output; absent when the output stays
 *                                       float (logits: acc · s_x · s_w[o])
 * </pre>
 * The bias is kept in float because its int32 form depends on s_x, which a later calibration may
 * change; {@link Int8Reference#quantizeBias} derives it.
 *
 * @param name the layer's name, the parameters' prefix ({@code layer1.0.conv1}, {@code fc})
 * @param weight the int8 weight and its per-channel scales
 * @param bias one float per output channel
 * @param inputScale s_x, positive
 * @param outputScale s_y, positive, or null when the output is not requantized
 */
public record QuantizedLayer(String name, WeightQuantizer.QuantizedWeight weight, float[] bias, float inputScale,
        Float outputScale) {
    /** The suffix of the int8 weight. */
    public static final String WEIGHT = "weight";
    /** The suffix of the per-channel weight scales. */
    public static final String WEIGHT_SCALE = "weight_scale";
    /** The suffix of the float bias. */
    public static final String BIAS = "bias";
    /** The suffix of the input activation's scale. */
    public static final String INPUT_SCALE = "input_scale";
    /** The suffix of the output activation's scale. */
    public static final String OUTPUT_SCALE = "output_scale";

    public QuantizedLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weight, "weight");
        bias = bias == null ? new float[weight.channels()] : bias.clone();
        if (bias.length != weight.channels()) {
            throw new IllegalArgumentException(name + ": the bias has " + bias.length + " values for "
                + weight.channels() + " output channels");
        }
        for (byte q : weight.values()) {
            if (q < Int8.QMIN) {
                throw new IllegalArgumentException(name + ": weight value " + q + " is outside [-127, 127]");
            }
        }
        for (float s : weight.scales()) {
            requireScale(name, "a weight scale", s);
        }
        for (float b : bias) {
            if (!Float.isFinite(b)) {
                throw new IllegalArgumentException(name + ": bias " + b + " is not finite");
            }
        }
        requireScale(name, "the input scale", inputScale);
        if (outputScale != null) {
            requireScale(name, "the output scale", outputScale);
        }
    }

    /**
     * Quantizes a float layer: its weight per output channel ({@link WeightQuantizer}), with
     * batchnorm already folded in ({@link BatchNormFold}) if it had one.
     *
     * @param weightShape [O, ...], PyTorch's layout
     * @param bias one per output channel, or null (zeros)
     * @param inputScale s_x = amax / 127 of the input ({@link Int8#scale})
     * @param outputScale s_y of the output, or null when it stays float
     */
    public static QuantizedLayer of(String name, long[] weightShape, float[] weight, float[] bias, float inputScale,
            Float outputScale) {
        return new QuantizedLayer(name, WeightQuantizer.quantize(weightShape, weight), bias, inputScale, outputScale);
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** The number of output channels O. */
    public int channels() {
        return weight.channels();
    }

    /** The full name of one of this layer's tensors: {@code name + "." + suffix}. */
    public String tensor(String suffix) {
        return name + "." + suffix;
    }

    /** bias_q[o] = roundHalfEven(b[o] / (s_x · s_w[o])), int32 ({@link Int8Reference#quantizeBias}). */
    public int[] quantizedBias() {
        return Int8Reference.quantizeBias(bias, inputScale, weight.scales());
    }

    /**
     * M[o] = s_x · s_w[o] / s_y per output channel ({@link Requantizer#perChannel}).
     *
     * @throws IllegalStateException if the layer has no output scale
     */
    public Requantizer[] requantizers() {
        if (outputScale == null) {
            throw new IllegalStateException(name + " has no output scale: its output is not requantized");
        }
        return Requantizer.perChannel(inputScale, weight.scales(), outputScale);
    }

    private static void requireScale(String name, String what, float s) {
        if (!(s > 0) || Float.isInfinite(s)) {
            throw new IllegalArgumentException(name + ": " + what + " " + s + " is not a positive finite number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedLayer l && name.equals(l.name) && weight.equals(l.weight)
            && Arrays.equals(bias, l.bias) && Float.compare(inputScale, l.inputScale) == 0
            && Objects.equals(outputScale, l.outputScale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, weight, Arrays.hashCode(bias), inputScale, outputScale);
    }

    @Override
    public String toString() {
        return "QuantizedLayer[" + name + ", " + weight + ", input_scale " + inputScale
            + (outputScale == null ? "" : ", output_scale " + outputScale) + "]";
    }
}
