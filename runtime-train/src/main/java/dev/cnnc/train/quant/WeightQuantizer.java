package dev.cnnc.train.quant;

import dev.cnnc.train.io.DType;
import dev.cnnc.train.io.HostTensor;
import java.util.Arrays;

/**
 * Per-output-channel symmetric int8 quantization of a weight in PyTorch's layout, output channel
 * first: OIHW for a convolution, [out, in] for a dense layer (any [O, ...] works). This is
 * TensorRT's weight scheme and PyTorch's {@code per_channel_symmetric} with the range narrowed to
 * [-127, 127] ({@link Int8}).
 *
 * <p>For channel o with elements w[o, k], k over the other dimensions:
 * <pre>
 *   amax[o]  = max_k |w[o, k]|
 *   scale[o] = amax[o] / 127            (as a float; amax = 0 gives 1, see {@link Int8#scale})
 *   q[o, k]  = clamp(roundHalfEven(w[o, k] / scale[o]), -127, 127)
 *   w'[o, k] = q[o, k] · scale[o]       |w − w'| ≤ scale[o] / 2
 * </pre>
 * One scale per channel rather than per tensor because channels' ranges differ by orders of
 * magnitude once batchnorm is folded in ({@link BatchNormFold}); a single scale would leave the
 * small channels with a few levels. Quantize after folding: the fold changes each channel's range.
 */
public final class WeightQuantizer {
    private WeightQuantizer() {
    }

    /**
     * A quantized weight: the int8 values in the weight's layout and one scale per output channel.
     *
     * @param shape the weight's shape, [O, ...]
     * @param values the quantized values, C order, each in [-127, 127]
     * @param scales scale[o] for each of the O output channels
     */
    public record QuantizedWeight(long[] shape, byte[] values, float[] scales) {
        public QuantizedWeight {
            shape = shape.clone();
            values = values.clone();
            scales = scales.clone();
            if (shape.length == 0 || HostTensor.numel(shape) != values.length || shape[0] != scales.length) {
                throw new IllegalArgumentException("a quantized weight " + HostTensor.shapeString(shape) + " needs "
                    + "shape[0] scales and one value per element; got " + scales.length + " scales and "
                    + values.length + " values");
            }
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public byte[] values() {
            return values.clone();
        }

        @Override
        public float[] scales() {
            return scales.clone();
        }

        /** The number of output channels O. */
        public int channels() {
            return scales.length;
        }

        /** The elements per output channel (I·H·W for a convolution, in for a dense layer). */
        public int perChannel() {
            return channels() == 0 ? 0 : values.length / channels();
        }

        /** w'[o, k] = q[o, k] · scale[o], computed in float as a device would (exact: q has 8 bits). */
        public float[] dequantize() {
            int per = perChannel();
            float[] out = new float[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = values[i] * scales[i / per];
            }
            return out;
        }

        /** The values as an I8 tensor of the weight's shape. */
        public HostTensor valuesTensor() {
            return HostTensor.of(DType.I8, shape, values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QuantizedWeight q && Arrays.equals(shape, q.shape) && Arrays.equals(values, q.values)
                && Arrays.equals(scales, q.scales);
        }

        @Override
        public int hashCode() {
            return (Arrays.hashCode(shape) * 31 + Arrays.hashCode(values)) * 31 + Arrays.hashCode(scales);
        }

        @Override
        public String toString() {
            return "QuantizedWeight" + HostTensor.shapeString(shape) + " scales " + Arrays.toString(scales);
        }
    }

    /**
     * Quantizes {@code weight} (shape [O, ...], C order) per output channel.
     *
     * @throws IllegalArgumentException if the shape does not match the values or an element is
     *     NaN or infinite (named by its index)
     */
    public static QuantizedWeight quantize(long[] shape, float[] weight) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a weight needs an output-channel dimension; got a scalar");
        }
        if (HostTensor.numel(shape) != weight.length) {
            throw new IllegalArgumentException("shape " + HostTensor.shapeString(shape) + " has "
                + HostTensor.numel(shape) + " elements, got " + weight.length + " values");
        }
        int channels = Math.toIntExact(shape[0]);
        int per = channels == 0 ? 0 : weight.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[weight.length];
        for (int o = 0; o < channels; o++) {
            double amax = 0;
            for (int k = 0; k < per; k++) {
                float v = weight[o * per + k];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("weight element " + (o * per + k) + " (channel " + o + ") is "
                        + v + "; only finite weights can be quantized");
                }
                amax = Math.max(amax, Math.abs(v));
            }
            scales[o] = Int8.scale(amax);
            for (int k = 0; k < per; k++) {
                q[o * per + k] = (byte) Int8.quantize(weight[o * per + k], scales[o]);
            }
        }
        return new QuantizedWeight(shape, q, scales);
    }

    /** As {@link #quantize(long[], float[])}, from a floating-point tensor. */
    public static QuantizedWeight quantize(HostTensor weight) {
        if (!weight.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("a weight to quantize must be floating point, not " + weight.dtype());
        }
        return quantize(weight.shape(), weight.toFloatArray());
    }
}
