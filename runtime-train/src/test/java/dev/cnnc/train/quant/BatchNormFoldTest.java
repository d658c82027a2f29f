package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormFoldTest {
    private static final int C = 3;
    private static final int O = 4;
    private static final int K = 3;
    private static final int H = 6;

    private static float[] gaussian(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    /** A stride-1, pad-1 convolution in double, [O, H, H], with |terms| summed into {@code mag}. */
    private static double[] conv(float[] x, float[] w, float[] b, double[] mag) {
        double[] y = new double[O * H * H];
        for (int o = 0; o < O; o++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < H; j++) {
                    double s = b == null ? 0 : b[o];
                    double m = Math.abs(s);
                    for (int c = 0; c < C; c++) {
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0; kw < K; kw++) {
                                int ii = i + kh - 1;
                                int jj = j + kw - 1;
                                if (ii >= 0 && ii < H && jj >= 0 && jj < H) {
                                    double t = (double) x[(c * H + ii) * H + jj] * w[((o * C + c) * K + kh) * K + kw];
                                    s += t;
                                    m += Math.abs(t);
                                }
                            }
                        }
                    }
                    y[(o * H + i) * H + j] = s;
                    if (mag != null) {
                        mag[(o * H + i) * H + j] = m;
                    }
                }
            }
        }
        return y;
    }

    private static void check(boolean withBias, boolean affine) {
        Random r = new Random(withBias ? 3 : 4);
        float[] x = gaussian(r, C * H * H, 1);
        float[] w = gaussian(r, O * C * K * K, 0.3);
        float[] b = withBias ? gaussian(r, O, 0.5) : null;
        float[] gamma = affine ? new float[] {1.5f, -0.7f, 0.01f, 20f} : null;
        float[] beta = affine ? gaussian(r, O, 1) : null;
        float[] mean = gaussian(r, O, 2);
        float[] var = {0.2f, 3f, 1e-3f, 50f};
        double eps = 1e-5;
        double[] y = conv(x, w, b, null);
        BatchNormFold.Folded f = BatchNormFold.fold(w, b, gamma, beta, mean, var, eps);
        double[] mag = new double[O * H * H];
        double[] folded = conv(x, f.weight(), f.bias(), mag);
        for (int i = 0; i < y.length; i++) {
            int o = i / (H * H);
            double g = gamma == null ? 1 : gamma[o];
            double bn = (y[i] - mean[o]) / Math.sqrt(var[o] + eps) * g + (beta == null ? 0 : beta[o]);
            double tol = 1e-5 * Math.abs(bn) + 1e-6 * mag[i];
            assertEquals(bn, folded[i], tol, "output " + i);
        }
    }

    @Test
    void foldedConvolutionEqualsConvolutionThenBatchNorm() {
        check(true, true);
    }

    @Test
    void aLayerWithoutBiasFoldsAsIfItsBiasWereZero() {
        check(false, true);
    }

    @Test
    void aBatchNormWithoutAffineParametersFoldsAsGammaOneBetaZero() {
        check(true, false);
    }

    @Test
    void foldsADenseLayer() {
        float[] w = {1, 2, 3, 4, 5, 6}; // [2, 3]
        float[] b = {1, -1};
        BatchNormFold.Folded f = BatchNormFold.fold(w, b, new float[] {2, 0.5f}, new float[] {0.25f, 1},
            new float[] {3, -1}, new float[] {3, 15}, 1);
        // k = 2 / 2 = 1 and 0.5 / 4 = 0.125
        assertEquals(java.util.List.of(1f, 2f, 3f, 0.5f, 0.625f, 0.75f), boxed(f.weight()));
        assertEquals(java.util.List.of(-2f + 0.25f, 0f * 0.125f + 1f), boxed(f.bias()));
    }

    private static java.util.List<Float> boxed(float[] v) {
        java.util.List<Float> l = new java.util.ArrayList<>();
        for (float f : v) {
            l.add(f);
        }
        return l;
    }

    @Test
    void refusesANonPositiveVarianceAndMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchNormFold.fold(
            new float[4], null, null, null, new float[2], new float[] {1, -2}, 1e-5));
        assertTrue(e.getMessage().contains("channel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNormFold.fold(
            new float[4], new float[3], null, null, new float[2], new float[2], 1e-5));
        assertThrows(IllegalArgumentException.class, () -> BatchNormFold.fold(
            new float[5], null, null, null, new float[2], new float[2], 1e-5));
    }
}
