package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.quant.Int8Reference.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Int8ReferenceTest {
    private static byte[] randomInt8(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(255) - 127);
        }
        return b;
    }

    private static List<Conv2d> geometries() {
        List<Conv2d> g = new ArrayList<>();
        g.add(Conv2d.of(2, 3, 7, 6, 4, 3, 1, 1, 1, 1));
        g.add(Conv2d.of(1, 4, 9, 9, 6, 3, 2, 0, 1, 2));
        g.add(Conv2d.of(2, 4, 8, 8, 4, 3, 1, 2, 2, 4)); // depthwise, dilated
        g.add(new Conv2d(1, 2, 5, 7, 3, 2, 3, 2, 1, 0, 1, 1, 2, 1, 2, 1)); // asymmetric everything
        g.add(Conv2d.of(3, 5, 4, 4, 2, 1, 1, 0, 1, 1)); // 1x1
        g.add(new Conv2d(1, 6, 6, 5, 9, 3, 1, 3, 1, 1, 1, 0, 0, 1, 1, 3));
        return g;
    }

    /**
     * The same convolution by im2col: per sample and group, a column matrix [I·KH·KW, OH·OW] with
     * zeros where the window leaves the input, then the weight [O/groups, I·KH·KW] times it, in long.
     */
    private static long[] im2colConv(Conv2d g, byte[] x, byte[] w, int[] bias) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cpg = g.channels() / g.groups();
        int opg = g.filters() / g.groups();
        int rows = cpg * g.kernelH() * g.kernelW();
        long[] out = new long[g.batch() * g.filters() * oh * ow];
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                long[][] col = new long[rows][oh * ow];
                for (int row = 0; row < rows; row++) {
                    int kw = row % g.kernelW();
                    int kh = (row / g.kernelW()) % g.kernelH();
                    int c = grp * cpg + row / (g.kernelW() * g.kernelH());
                    for (int p = 0; p < oh * ow; p++) {
                        int ih = (p / ow) * g.strideH() + kh * g.dilationH() - g.padTop();
                        int iw = (p % ow) * g.strideW() + kw * g.dilationW() - g.padLeft();
                        boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
                        col[row][p] = inside ? x[((n * g.channels() + c) * g.height() + ih) * g.width() + iw] : 0;
                    }
                }
                for (int oi = 0; oi < opg; oi++) {
                    int o = grp * opg + oi;
                    for (int p = 0; p < oh * ow; p++) {
                        long s = 0;
                        for (int row = 0; row < rows; row++) {
                            s += (long) w[o * rows + row] * col[row][p];
                        }
                        out[(n * g.filters() + o) * oh * ow + p] = s + (bias == null ? 0 : bias[o]);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void convolutionAccumulatorsEqualAnIm2colProduct() {
        Random r = new Random(20);
        for (Conv2d g : geometries()) {
            byte[] x = randomInt8(r, g.inputSize());
            byte[] w = randomInt8(r, g.filters() * g.reduction());
            int[] bias = new int[g.filters()];
            for (int o = 0; o < bias.length; o++) {
                bias[o] = r.nextInt(200_001) - 100_000;
            }
            int[] acc = Int8Reference.conv2dAccumulators(g, x, w, bias);
            long[] want = im2colConv(g, x, w, bias);
            assertEquals(want.length, acc.length, g.toString());
            for (int i = 0; i < acc.length; i++) {
                assertEquals(want[i], acc[i], g + " output " + i);
            }
            long[] noBias = im2colConv(g, x, w, null);
            int[] accNoBias = Int8Reference.conv2dAccumulators(g, x, w, null);
            for (int i = 0; i < acc.length; i++) {
                assertEquals(noBias[i], accNoBias[i]);
            }
        }
    }

    @Test
    void denseAccumulatorsEqualASumTakenInTheOtherOrder() {
        Random r = new Random(21);
        int batch = 3;
        int in = 37;
        int out = 11;
        byte[] x = randomInt8(r, batch * in);
        byte[] w = randomInt8(r, out * in);
        int[] bias = {5, -5, 0, 1 << 20, -(1 << 20), 7, 8, 9, 10, 11, 12};
        long[] want = new long[batch * out];
        for (int k = in - 1; k >= 0; k--) { // k outermost, backwards
            for (int o = 0; o < out; o++) {
                for (int n = 0; n < batch; n++) {
                    want[n * out + o] += (long) x[n * in + k] * w[o * in + k];
                }
            }
        }
        int[] acc = Int8Reference.denseAccumulators(batch, in, out, x, w, bias);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(want[i] + bias[i % out], acc[i], "output " + i);
        }
    }

    /** A float convolution in double of real-valued input and weight (stride, padding, ... of g). */
    private static double[] floatConv(Conv2d g, float[] x, float[] w, float[] b) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int cpg = g.channelsPerGroup();
        int opg = g.filters() / g.groups();
        double[] y = new double[g.outputSize()];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.filters(); o++) {
                for (int p = 0; p < oh * ow; p++) {
                    double s = b[o];
                    for (int ci = 0; ci < cpg; ci++) {
                        for (int kh = 0; kh < g.kernelH(); kh++) {
                            for (int kw = 0; kw < g.kernelW(); kw++) {
                                int ih = (p / ow) * g.strideH() + kh * g.dilationH() - g.padTop();
                                int iw = (p % ow) * g.strideW() + kw * g.dilationW() - g.padLeft();
                                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                                    int c = (o / opg) * cpg + ci;
                                    s += (double) x[((n * g.channels() + c) * g.height() + ih) * g.width() + iw]
                                        * w[((o * cpg + ci) * g.kernelH() + kh) * g.kernelW() + kw];
                                }
                            }
                        }
                    }
                    y[(n * g.filters() + o) * oh * ow + p] = s;
                }
            }
        }
        return y;
    }

    /**
     * The stated bound: with s_y chosen so nothing clips, the dequantized int8 output q_y · s_y is
     * within s_y / 2 (the output rounding) + s_x · s_w[o] / 2 (the bias rounding) + |y| · 2^-30
     * (the fixed-point multiplier, twice its 2^-31 for the float scales' own rounding) of the
     * float convolution y of the dequantized input and weight, with ReLU applied to both.
     */
    @Test
    void dequantizedConvolutionOutputIsWithinTheQuantizationErrorOfTheFloatOne() {
        Random r = new Random(22);
        for (Conv2d g : geometries()) {
            for (boolean relu : new boolean[] {false, true}) {
                float[] xf = new float[g.inputSize()];
                for (int i = 0; i < xf.length; i++) {
                    xf[i] = (float) (r.nextGaussian() * 2);
                }
                float sx = Int8.scale(Calibrator.amax(Calibrator.Method.MINMAX, 0, xf));
                byte[] qx = Int8.quantize(xf, sx);
                float[] wf = new float[g.filters() * g.reduction()];
                for (int i = 0; i < wf.length; i++) {
                    wf[i] = (float) (r.nextGaussian() * 0.1 * (1 + i % 3));
                }
                WeightQuantizer.QuantizedWeight qw = WeightQuantizer.quantize(g.weightShape(), wf);
                float[] bias = new float[g.filters()];
                for (int o = 0; o < bias.length; o++) {
                    bias[o] = (float) r.nextGaussian();
                }
                double[] y = floatConv(g, Int8.dequantize(qx, sx), qw.dequantize(), bias);
                double ymax = 0;
                for (double v : y) {
                    ymax = Math.max(ymax, Math.abs(v));
                }
                float sy = Int8.scale(ymax * 1.01);
                Int8Reference.Output out = Int8Reference.conv2d(g, qx, sx, qw, bias, sy, relu);
                int spatial = g.outHeight() * g.outWidth();
                for (int i = 0; i < y.length; i++) {
                    int o = (i / spatial) % g.filters();
                    double want = relu ? Math.max(0, y[i]) : y[i];
                    double bound = sy / 2.0 + (double) sx * qw.scales()[o] / 2 + Math.abs(y[i]) * 0x1p-30
                        + 1e-6 * sy; // the float rounding of this test's own dequantized operands
                    assertEquals(want, out.values()[i] * (double) sy, bound, g + " relu " + relu + " output " + i);
                    if (relu) {
                        assertTrue(out.values()[i] >= 0);
                    }
                }
                // the logits path: accumulators dequantized directly
                float[] logits = Int8Reference.dequantize(out.accumulators(), g.filters(), spatial, sx, qw.scales());
                for (int i = 0; i < y.length; i++) {
                    int o = (i / spatial) % g.filters();
                    assertEquals(y[i], logits[i], sx * qw.scales()[o] / 2 + Math.abs(y[i]) * 1e-6 + 1e-6);
                }
            }
        }
    }

    @Test
    void dequantizedDenseOutputIsWithinTheQuantizationErrorOfTheFloatOne() {
        Random r = new Random(23);
        int batch = 4;
        int in = 50;
        int out = 7;
        float[] xf = new float[batch * in];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) Math.max(0, r.nextGaussian()); // post-ReLU activations
        }
        float sx = Int8.scale(Calibrator.amax(Calibrator.Method.MINMAX, 0, xf));
        byte[] qx = Int8.quantize(xf, sx);
        float[] wf = new float[out * in];
        for (int i = 0; i < wf.length; i++) {
            wf[i] = (float) (r.nextGaussian() * 0.2);
        }
        WeightQuantizer.QuantizedWeight qw = WeightQuantizer.quantize(new long[] {out, in}, wf);
        float[] bias = {0.1f, -0.2f, 0.3f, 0, 1, -1, 0.5f};
        float[] xd = Int8.dequantize(qx, sx);
        float[] wd = qw.dequantize();
        double[] y = new double[batch * out];
        double ymax = 0;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < out; o++) {
                double s = bias[o];
                for (int k = 0; k < in; k++) {
                    s += (double) xd[n * in + k] * wd[o * in + k];
                }
                y[n * out + o] = s;
                ymax = Math.max(ymax, Math.abs(s));
            }
        }
        float sy = Int8.scale(ymax);
        Int8Reference.Output o8 = Int8Reference.dense(batch, qx, sx, qw, bias, sy, false);
        for (int i = 0; i < y.length; i++) {
            double bound = sy / 2.0 + (double) sx * qw.scales()[i % out] / 2 + Math.abs(y[i]) * 0x1p-30 + 1e-6 * sy;
            assertEquals(y[i], o8.values()[i] * (double) sy, bound, "output " + i);
        }
    }

    @Test
    void biasQuantizesHalfToEvenAtTheAccumulatorScale() {
        // s_x · s_w = 0.5 · 0.25 = 0.125 exactly
        int[] q = Int8Reference.quantizeBias(new float[] {0.0625f, 0.1875f, -0.0625f, 1f}, 0.5f,
            new float[] {0.25f, 0.25f, 0.25f, 0.25f});
        assertArrayEquals(new int[] {0, 2, 0, 8}, q);
        assertArrayEquals(new int[3], Int8Reference.quantizeBias(null, 1f, new float[3]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Int8Reference.quantizeBias(new float[] {0, 1e6f}, 1e-4f, new float[] {1e-4f, 1e-4f}));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
    }

    @Test
    void anAccumulatorBeyondInt32IsRefused() {
        int in = 140_000; // 140,000 · 127 · 127 > 2^31
        byte[] x = new byte[in];
        java.util.Arrays.fill(x, (byte) 127);
        ArithmeticException e = assertThrows(ArithmeticException.class,
            () -> Int8Reference.denseAccumulators(1, in, 1, x, x, null));
        assertTrue(e.getMessage().contains("output [0, 0]"), e.getMessage());
    }

    @Test
    void requantizeUsesEachChannelsMultiplierAndTheReluBound() {
        int[] acc = {10, -10, 10, -10, 300, -300}; // [1, 3, 2]
        Requantizer[] r = {Requantizer.of(0.5), Requantizer.of(1), Requantizer.of(1)};
        assertArrayEquals(new byte[] {5, -5, 10, -10, 127, -127}, Int8Reference.requantize(acc, 3, 2, r, false));
        assertArrayEquals(new byte[] {5, 0, 10, 0, 127, 0}, Int8Reference.requantize(acc, 3, 2, r, true));
    }

    @Test
    void geometryMatchesPyTorchsOutputSizes() {
        assertEquals(4, Conv2d.of(1, 1, 8, 8, 1, 3, 2, 1, 1, 1).outHeight()); // (8 + 2 - 3) / 2 + 1
        assertEquals(4, Conv2d.of(1, 1, 8, 8, 1, 3, 1, 0, 2, 1).outWidth()); // 8 - 2·2 - 1 + 1
        assertThrows(IllegalArgumentException.class, () -> Conv2d.of(1, 3, 8, 8, 4, 3, 1, 1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.of(1, 1, 2, 2, 1, 5, 1, 0, 1, 1));
    }
}
