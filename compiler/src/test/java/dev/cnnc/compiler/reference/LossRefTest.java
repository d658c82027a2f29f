package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backward of every loss against central differences, and a few values by hand. */
class LossRefTest {

    private static int[] labels(Random rnd, int n, int k) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(k);
        }
        return y;
    }

    @Test
    void crossEntropyBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(81);
        int[][] shapes = {{4, 5}, {1, 3}, {3, 10}};
        for (int[] sh : shapes) {
            for (double eps : new double[] {0, 0.1, 0.5}) {
                Tensor z = Tensor.uniform(rnd, -3, 3, sh);
                int[] y = labels(rnd, sh[0], sh[1]);
                double dL = 0.7;
                GradAssert.check("cross_entropy " + java.util.Arrays.toString(sh) + " smoothing " + eps,
                        LossRef.crossEntropyBackward(z, y, eps, dL), () -> dL * LossRef.crossEntropy(z, y, eps), z);
            }
        }
    }

    @Test
    void crossEntropyByHand() {
        // two classes, logits (0, 0): log p = log 1/2 for both, so every smoothing gives log 2
        Tensor z = new Tensor(1, 2);
        assertEquals(Math.log(2), LossRef.crossEntropy(z, new int[] {1}, 0.3), 1e-15);
        // logits (0, log 3): p = (1/4, 3/4); label 1, ε = 0.2: 0.8·(−log 3/4) + 0.1·(−log 1/4 − log 3/4)
        Tensor z2 = Tensor.of(new double[] {0, Math.log(3)}, 1, 2);
        double expected = 0.8 * -Math.log(0.75) + 0.1 * (-Math.log(0.25) - Math.log(0.75));
        assertEquals(expected, LossRef.crossEntropy(z2, new int[] {1}, 0.2), 1e-15);
    }

    @Test
    void focalBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(82);
        for (double gamma : new double[] {0, 0.5, 1, 2, 3.5}) {
            for (double alpha : new double[] {0.25, 1}) {
                Tensor z = Tensor.uniform(rnd, -3, 3, 5, 4);
                int[] y = labels(rnd, 5, 4);
                GradAssert.check("focal alpha " + alpha + " gamma " + gamma,
                        LossRef.focalBackward(z, y, alpha, gamma, 1.3), () -> 1.3 * LossRef.focal(z, y, alpha, gamma), z);
            }
        }
    }

    @Test
    void focalWithGammaZeroIsAlphaTimesCrossEntropy() {
        Random rnd = new Random(83);
        Tensor z = Tensor.random(rnd, 6, 5);
        int[] y = labels(rnd, 6, 5);
        assertEquals(0.25 * LossRef.crossEntropy(z, y, 0), LossRef.focal(z, y, 0.25, 0), 1e-15);
    }

    @Test
    void diceAndIouBackwardMatchFiniteDifferences() {
        Random rnd = new Random(84);
        int[][] shapes = {{2, 1, 4, 5}, {1, 2, 3, 3}, {3, 7}};
        for (int[] sh : shapes) {
            for (double smooth : new double[] {1, 0.01}) {
                Tensor z = Tensor.uniform(rnd, -3, 3, sh);
                Tensor t = Tensor.mask(rnd, 0.4, sh);
                String what = java.util.Arrays.toString(sh) + " smooth " + smooth;
                GradAssert.check("dice " + what, LossRef.diceBackward(z, t, smooth, 2.0),
                        () -> 2.0 * LossRef.dice(z, t, smooth), z);
                GradAssert.check("iou " + what, LossRef.iouBackward(z, t, smooth, 2.0),
                        () -> 2.0 * LossRef.iou(z, t, smooth), z);
            }
        }
    }

    @Test
    void diceAndIouOfAPerfectPrediction() {
        // logits ±40 make P = T to 1e-17: Dice = IoU = 0 up to that
        Tensor t = Tensor.of(new double[] {1, 0, 1, 1}, 1, 4);
        Tensor z = Tensor.of(new double[] {40, -40, 40, 40}, 1, 4);
        assertEquals(0, LossRef.dice(z, t, 1), 1e-15);
        assertEquals(0, LossRef.iou(z, t, 1), 1e-15);
        // all wrong with smooth 1: Dice = 1 − 1/(1 + 3 + 1)... P = (0, 1, 0, 0): I = 0, S = 4, ℓ = 1 − 1/5
        Tensor wrong = Tensor.of(new double[] {-40, 40, -40, -40}, 1, 4);
        assertEquals(0.8, LossRef.dice(wrong, t, 1), 1e-15);
        assertEquals(0.8, LossRef.iou(wrong, t, 1), 1e-15);
    }

    @Test
    void distillationBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(85);
        double[][] settings = {{0.5, 4}, {0.3, 1}, {0.9, 2.5}, {0, 3}};
        for (double[] st : settings) {
            Tensor zs = Tensor.uniform(rnd, -3, 3, 4, 6);
            Tensor zt = Tensor.uniform(rnd, -3, 3, 4, 6);
            int[] y = labels(rnd, 4, 6);
            LossRef.DistillationGrads g = LossRef.distillationBackward(zs, zt, y, st[0], st[1], 0.9);
            String what = "distillation alpha " + st[0] + " tau " + st[1];
            GradAssert.check(what + " student", g.dStudent(),
                    () -> 0.9 * LossRef.distillation(zs, zt, y, st[0], st[1]), zs);
            GradAssert.check(what + " teacher", g.dTeacher(),
                    () -> 0.9 * LossRef.distillation(zs, zt, y, st[0], st[1]), zt);
        }
    }

    @Test
    void distillationAgainstItselfIsJustTheHardLoss() {
        Random rnd = new Random(86);
        Tensor z = Tensor.random(rnd, 3, 4);
        int[] y = labels(rnd, 3, 4);
        assertEquals(0.4 * LossRef.crossEntropy(z, y, 0), LossRef.distillation(z, z.copy(), y, 0.4, 3), 1e-15);
    }
}
