package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backward of batch and layer normalization against central differences. */
class NormRefTest {
    // (two values per channel or sample normalize to about ±1 whatever they are: no gradient to check)
    private static final int[][] SHAPES = {{3, 2, 4, 5}, {2, 3, 3, 1}, {1, 2, 3, 3}, {4, 5}, {3, 3}};

    @Test
    void batchNormTrainingBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(51);
        for (int[] sh : SHAPES) {
            for (boolean affine : new boolean[] {true, false}) {
                int c = sh[1];
                Tensor x = Tensor.uniform(rnd, -2, 3, sh);
                Tensor gamma = affine ? Tensor.uniform(rnd, 0.5, 1.5, c) : null;
                Tensor beta = affine ? Tensor.random(rnd, c) : null;
                Tensor rm = Tensor.random(rnd, c);
                Tensor rv = Tensor.uniform(rnd, 0.5, 2, c);
                double eps = 1e-5;
                Tensor dy = Tensor.random(rnd, sh);
                NormRef.Grads g = NormRef.batchNormTrainBackward(x, gamma, eps, dy);
                String what = "batchnorm train " + Arrays.toString(sh) + " affine " + affine;
                GradAssert.check(what + " dx", g.dx(), () -> NormRef.batchNormTrain(x, gamma, beta, rm, rv, 0.1, eps).y(),
                        dy, x);
                if (affine) {
                    GradAssert.check(what + " dgamma", g.dGamma(),
                            () -> NormRef.batchNormTrain(x, gamma, beta, rm, rv, 0.1, eps).y(), dy, gamma);
                    GradAssert.check(what + " dbeta", g.dBeta(),
                            () -> NormRef.batchNormTrain(x, gamma, beta, rm, rv, 0.1, eps).y(), dy, beta);
                } else {
                    assertNull(g.dGamma());
                }
            }
        }
    }

    @Test
    void batchNormInferenceBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(52);
        for (int[] sh : SHAPES) {
            int c = sh[1];
            Tensor x = Tensor.uniform(rnd, -2, 3, sh);
            Tensor gamma = Tensor.uniform(rnd, 0.5, 1.5, c);
            Tensor beta = Tensor.random(rnd, c);
            Tensor rm = Tensor.random(rnd, c);
            Tensor rv = Tensor.uniform(rnd, 0.5, 2, c);
            Tensor dy = Tensor.random(rnd, sh);
            NormRef.Grads g = NormRef.batchNormInferenceBackward(x, gamma, rm, rv, 1e-3, dy);
            String what = "batchnorm inference " + Arrays.toString(sh);
            GradAssert.check(what + " dx", g.dx(), () -> NormRef.batchNormInference(x, gamma, beta, rm, rv, 1e-3), dy, x);
            GradAssert.check(what + " dgamma", g.dGamma(),
                    () -> NormRef.batchNormInference(x, gamma, beta, rm, rv, 1e-3), dy, gamma);
            GradAssert.check(what + " dbeta", g.dBeta(),
                    () -> NormRef.batchNormInference(x, gamma, beta, rm, rv, 1e-3), dy, beta);
        }
    }

    @Test
    void batchNormRunningStatisticsUseTheUnbiasedVariance() {
        // one channel, values 1, 2, 3, 4 over N=2, H=1, W=2: mean 2.5, biased var 1.25, unbiased 5/3
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 1, 1, 2);
        NormRef.TrainOutput o = NormRef.batchNormTrain(x, null, null, Tensor.of(new double[] {1}, 1),
                Tensor.of(new double[] {2}, 1), 0.25, 0);
        assertEquals(2.5, o.mean().get(0), 1e-15);
        assertEquals(1.25, o.var().get(0), 1e-15);
        assertEquals(0.75 * 1 + 0.25 * 2.5, o.runningMean().get(0), 1e-15);
        assertEquals(0.75 * 2 + 0.25 * 5.0 / 3, o.runningVar().get(0), 1e-15);
        assertEquals(-1.5 / Math.sqrt(1.25), o.y().get(0, 0, 0, 0), 1e-15);
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(53);
        for (int[] sh : SHAPES) {
            for (boolean affine : new boolean[] {true, false}) {
                int[] sample = Arrays.copyOfRange(sh, 1, sh.length);
                Tensor x = Tensor.uniform(rnd, -2, 3, sh);
                Tensor gamma = affine ? Tensor.uniform(rnd, 0.5, 1.5, sample) : null;
                Tensor beta = affine ? Tensor.random(rnd, sample) : null;
                Tensor dy = Tensor.random(rnd, sh);
                NormRef.Grads g = NormRef.layerNormBackward(x, gamma, 1e-5, dy);
                String what = "layernorm " + Arrays.toString(sh) + " affine " + affine;
                GradAssert.check(what + " dx", g.dx(), () -> NormRef.layerNorm(x, gamma, beta, 1e-5), dy, x);
                if (affine) {
                    GradAssert.check(what + " dgamma", g.dGamma(), () -> NormRef.layerNorm(x, gamma, beta, 1e-5), dy,
                            gamma);
                    GradAssert.check(what + " dbeta", g.dBeta(), () -> NormRef.layerNorm(x, gamma, beta, 1e-5), dy,
                            beta);
                }
            }
        }
    }
}
