package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.DType;
import dev.cnnc.train.io.HostTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightQuantizerTest {
    /** OIHW [8, 3, 3, 3] with channel magnitudes from 1e-3 to 1e2, as after a batchnorm fold. */
    private static float[] spreadWeights(Random r, int channels, int per) {
        float[] w = new float[channels * per];
        for (int o = 0; o < channels; o++) {
            double magnitude = Math.pow(10, -3 + 5.0 * o / (channels - 1));
            for (int k = 0; k < per; k++) {
                w[o * per + k] = (float) (r.nextGaussian() * magnitude);
            }
        }
        return w;
    }

    @Test
    void roundTripErrorIsAtMostHalfAScalePerElement() {
        Random r = new Random(1);
        long[] shape = {8, 3, 3, 3};
        float[] w = spreadWeights(r, 8, 27);
        WeightQuantizer.QuantizedWeight q = WeightQuantizer.quantize(shape, w);
        float[] s = q.scales();
        byte[] values = q.values();
        float[] back = q.dequantize();
        for (int i = 0; i < w.length; i++) {
            double scale = s[i / 27];
            assertTrue(Math.abs(w[i] - values[i] * scale) <= scale / 2 * (1 + 1e-12), "element " + i);
            assertEquals(values[i] * s[i / 27], back[i], 0.0);
            assertTrue(values[i] >= -127 && values[i] <= 127);
        }
    }

    @Test
    void eachOutputChannelHasItsOwnScaleAndItsLargestValueMapsTo127() {
        Random r = new Random(2);
        float[] w = spreadWeights(r, 5, 12);
        WeightQuantizer.QuantizedWeight q = WeightQuantizer.quantize(new long[] {5, 12}, w);
        assertEquals(5, q.channels());
        assertEquals(12, q.perChannel());
        for (int o = 0; o < 5; o++) {
            float amax = 0;
            int at = 0;
            for (int k = 0; k < 12; k++) {
                if (Math.abs(w[o * 12 + k]) > amax) {
                    amax = Math.abs(w[o * 12 + k]);
                    at = k;
                }
            }
            assertEquals((float) (amax / 127.0), q.scales()[o], 0.0, "channel " + o);
            assertEquals(w[o * 12 + at] > 0 ? 127 : -127, q.values()[o * 12 + at]);
        }
        // the channels' scales span five orders of magnitude: one tensor scale could not serve them
        assertTrue(q.scales()[4] / q.scales()[0] > 1e4);
    }

    @Test
    void exactHalvesRoundToEven() {
        // amax 127 gives scale 1 exactly, so w / scale is the value itself
        float[] w = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 126.5f, 3.5f, -125.5f};
        WeightQuantizer.QuantizedWeight q = WeightQuantizer.quantize(new long[] {1, 10}, w);
        assertEquals(1f, q.scales()[0]);
        assertArrayEquals(new byte[] {127, 0, 2, 2, 0, -2, -2, 126, 4, -126}, q.values());
    }

    @Test
    void valuesBeyondTheRangeClampToPlusMinus127() {
        assertEquals(127, Int8.quantize(1000, 1f));
        assertEquals(-127, Int8.quantize(-1000, 1f));
        assertEquals(127, Int8.quantize(127.6, 1f));
        assertEquals(-127, Int8.quantize(-127.5, 1f)); // would round to -128
        assertArrayEquals(new byte[] {127, -127, 0, 50}, Int8.quantize(new float[] {300f, -300f, 0.2f, 100f}, 2f));
    }

    @Test
    void anAllZeroChannelGetsScaleOneAndZeros() {
        float[] w = {0, 0, 0, 0, 12.7f, -6.3f, 3.2f, 0};
        WeightQuantizer.QuantizedWeight q = WeightQuantizer.quantize(new long[] {2, 2, 2}, w);
        assertArrayEquals(new float[] {1f, (float) (12.7f / 127.0)}, q.scales());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 127, -63, 32, 0}, q.values());
        float[] back = q.dequantize();
        for (int i = 0; i < 4; i++) {
            assertEquals(0f, back[i], 0.0);
        }
        assertEquals(1f, Int8.scale(0));
        assertEquals(Float.MIN_NORMAL, Int8.scale(1e-45));
    }

    @Test
    void refusesNonFiniteWeightsNamingTheChannel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WeightQuantizer.quantize(new long[] {2, 2}, new float[] {1, 2, Float.NaN, 3}));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WeightQuantizer.quantize(new long[] {2, 3}, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> Int8.scale(-1));
    }

    @Test
    void quantizesAHostTensorToAnI8TensorOfTheSameShape() {
        HostTensor t = HostTensor.ofFloats(new long[] {2, 1, 1, 2}, -2f, 1.5f, 0.5f, 0.2f);
        WeightQuantizer.QuantizedWeight q = WeightQuantizer.quantize(t);
        HostTensor v = q.valuesTensor();
        assertEquals(DType.I8, v.dtype());
        assertArrayEquals(new long[] {2, 1, 1, 2}, v.shape());
        assertArrayEquals(new long[] {-127, 95, 127, 51}, v.toLongArray());
    }
}
