package dev.cnnc.train.quant;

import java.util.Arrays;

/**
 * Folds an inference-mode batchnorm into the convolution or dense layer before it, on the host,
 * so that the layer's weight can be quantized with the batchnorm already in it.
 *
 * <p>Batchnorm in eval mode is an affine map per channel o,
 * {@code y = γ[o]·(x − mean[o]) / √(var[o] + eps) + β[o]}, and x = W·in + b is linear in W and b,
 * so with {@code k[o] = γ[o] / √(var[o] + eps)}:
 * <pre>
 *   W'[o, ...] = W[o, ...] · k[o]
 *   b'[o]      = (b[o] − mean[o]) · k[o] + β[o]          (b = 0 when the layer has no bias)
 * </pre>
 * and {@code W'·in + b'} equals the layer followed by batchnorm. Computed in double, rounded once
 * to float. This is the host's counterpart of the compiler's run-time fold
 * ({@code compiler.passes.FoldBatchNorm}, {@code BatchNormKernels.fold}, an OpenCL kernel): the
 * quantizer needs the folded values themselves, and runtime-train cannot depend on the compiler.
 *
 * <p>Quantization needs the fold before the scales: each channel's range is multiplied by k[o],
 * which can differ by orders of magnitude between channels.
 */
public final class BatchNormFold {
    private BatchNormFold() {
    }

    /** A folded layer: the weight in the original layout and one bias per output channel. */
    public record Folded(float[] weight, float[] bias) {
        public Folded {
            weight = weight.clone();
            bias = bias.clone();
        }

        @Override
        public float[] weight() {
            return weight.clone();
        }

        @Override
        public float[] bias() {
            return bias.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Folded f && Arrays.equals(weight, f.weight) && Arrays.equals(bias, f.bias);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(weight) * 31 + Arrays.hashCode(bias);
        }

        @Override
        public String toString() {
            return "Folded[" + weight.length + " weights, bias " + Arrays.toString(bias) + "]";
        }
    }

    /**
     * Folds batchnorm (γ = {@code gamma}, β = {@code beta}, running mean and variance, {@code eps})
     * into the weight W (O output channels, {@code weight.length / O} elements each, output channel
     * first) and bias b.
     *
     * @param bias b[o], or null for a layer without bias (zeros)
     * @param gamma γ, or null for a batchnorm without affine parameters (ones); likewise {@code beta}
     * @throws IllegalArgumentException if the lengths disagree or var + eps is not positive for a
     *     channel (named)
     */
    public static Folded fold(float[] weight, float[] bias, float[] gamma, float[] beta, float[] runningMean,
            float[] runningVar, double eps) {
        int channels = runningMean.length;
        if (runningVar.length != channels || (gamma != null && gamma.length != channels)
                || (beta != null && beta.length != channels) || (bias != null && bias.length != channels)) {
            throw new IllegalArgumentException("batchnorm parameters and the layer's bias must have one value per "
                + "output channel (" + channels + ")");
        }
        if (channels == 0 || weight.length % channels != 0) {
            throw new IllegalArgumentException("the weight's " + weight.length + " elements are not "
                + channels + " output channels of equal size");
        }
        int per = weight.length / channels;
        float[] w = new float[weight.length];
        float[] b = new float[channels];
        for (int o = 0; o < channels; o++) {
            double denom = (double) runningVar[o] + eps;
            if (!(denom > 0) || Double.isInfinite(denom)) {
                throw new IllegalArgumentException("channel " + o + ": running_var + eps = " + denom
                    + " is not a positive finite number, so the batchnorm cannot be folded");
            }
            double k = (gamma == null ? 1.0 : gamma[o]) / Math.sqrt(denom);
            for (int i = 0; i < per; i++) {
                w[o * per + i] = (float) (weight[o * per + i] * k);
            }
            double b0 = bias == null ? 0.0 : bias[o];
            b[o] = (float) ((b0 - runningMean[o]) * k + (beta == null ? 0.0 : beta[o]));
        }
        return new Folded(w, b);
    }
}
