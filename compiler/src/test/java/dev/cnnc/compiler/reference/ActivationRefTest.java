package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backward of the activations and (log-)softmax against central differences. */
class ActivationRefTest {

    @Test
    void activationBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(41);
        int[][] shapes = {{2, 3, 4, 5}, {1, 7}, {3, 2, 1, 3}};
        for (ActivationRef.Kind k : ActivationRef.Kind.values()) {
            for (double alpha : new double[] {0.01, 0.3, 1.0, 1.7}) {
                for (int[] sh : shapes) {
                    // [-8, 8) reaches both kinks of relu6; stay 1e-3 away from every kink
                    Tensor x = Tensor.awayFrom(rnd, -8, 8, 1e-3, k.kinks(), sh);
                    Tensor dy = Tensor.random(rnd, sh);
                    GradAssert.check(k.opName() + " alpha " + alpha + " " + java.util.Arrays.toString(sh),
                            ActivationRef.backward(k, alpha, x, dy), () -> ActivationRef.forward(k, alpha, x), dy, x);
                }
            }
        }
    }

    @Test
    void activationValuesAtHandPickedPoints() {
        assertEquals(0, ActivationRef.apply(ActivationRef.Kind.RELU, 0, -2), 0);
        assertEquals(6, ActivationRef.apply(ActivationRef.Kind.RELU6, 0, 7.5), 0);
        assertEquals(3, ActivationRef.apply(ActivationRef.Kind.RELU6, 0, 3), 0);
        assertEquals(-0.2, ActivationRef.apply(ActivationRef.Kind.LEAKY_RELU, 0.1, -2), 1e-15);
        assertEquals(0.5 * (Math.exp(-1) - 1), ActivationRef.apply(ActivationRef.Kind.ELU, 0.5, -1), 1e-15);
        assertEquals(0.5, ActivationRef.apply(ActivationRef.Kind.SIGMOID, 0, 0), 0);
        assertEquals(0, ActivationRef.apply(ActivationRef.Kind.SIGMOID, 0, -1000), 0);
        assertEquals(1, ActivationRef.apply(ActivationRef.Kind.SIGMOID, 0, 1000), 0);
        // PyTorch's derivatives at kinks
        assertEquals(0, ActivationRef.derivative(ActivationRef.Kind.RELU, 0, 0), 0);
        assertEquals(0, ActivationRef.derivative(ActivationRef.Kind.RELU6, 0, 6), 0);
    }

    @Test
    void softmaxBackwardMatchesFiniteDifferencesAlongEveryAxis() {
        Random rnd = new Random(42);
        int[][] shapes = {{2, 4, 3, 5}, {1, 6}, {3, 1, 2, 2}};
        for (int[] sh : shapes) {
            for (int axis = -(sh.length - 1); axis < sh.length - 1; axis++) {
                int ax = axis;
                Tensor x = Tensor.uniform(rnd, -3, 3, sh);
                Tensor dy = Tensor.random(rnd, sh);
                String what = java.util.Arrays.toString(sh) + " axis " + ax;
                if (x.dim(x.sampleAxis(ax)) == 1) {
                    // along a length-1 axis softmax is 1 and log_softmax 0: constants, zero gradients
                    assertEquals(0, ActivationRef.softmaxBackward(x, ax, dy).maxAbs(), 0);
                    assertEquals(0, ActivationRef.logSoftmaxBackward(x, ax, dy).maxAbs(), 0);
                    continue;
                }
                GradAssert.check("softmax " + what, ActivationRef.softmaxBackward(x, ax, dy),
                        () -> ActivationRef.softmax(x, ax), dy, x);
                GradAssert.check("log_softmax " + what, ActivationRef.logSoftmaxBackward(x, ax, dy),
                        () -> ActivationRef.logSoftmax(x, ax), dy, x);
            }
        }
    }

    @Test
    void softmaxIsStableAndSumsToOne() {
        Tensor x = Tensor.of(new double[] {1000, 1001, 1002, -1000, 0, 1000}, 2, 3);
        Tensor y = ActivationRef.softmax(x, 0);
        Tensor l = ActivationRef.logSoftmax(x, -1);
        double e = Math.exp(1), e2 = Math.exp(2);
        assertEquals(1 / (1 + e + e2), y.get(0, 0), 1e-15);
        assertEquals(1.0, y.get(0, 0) + y.get(0, 1) + y.get(0, 2), 1e-15);
        assertEquals(-2000, l.get(1, 0), 1e-9);
        assertEquals(0, l.get(1, 2), 1e-12);
    }
}
