package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The checker itself: it recovers known gradients and its error measure is Glow's. */
class FiniteDifferenceTest {

    @Test
    void recoversTheGradientOfAKnownFunction() {
        // f(x) = Σ sin(x_i)·x_i², ∂f/∂x_i = cos(x_i)·x_i² + 2·x_i·sin(x_i)
        Tensor x = Tensor.of(new double[] {0.3, -1.2, 2.5}, 3);
        Tensor g = FiniteDifference.gradient(() -> {
            double s = 0;
            for (double v : x.data()) {
                s += Math.sin(v) * v * v;
            }
            return s;
        }, x, FiniteDifference.STEP);
        for (int i = 0; i < 3; i++) {
            double v = x.at(i);
            assertEquals(Math.cos(v) * v * v + 2 * v * Math.sin(v), g.at(i), 1e-9);
        }
        assertEquals(0.3, x.at(0), 0, "the input is restored");
    }

    @Test
    void relativeErrorIsGlows() {
        assertEquals(0.5 / 21.5, FiniteDifference.relativeError(10, 10.5), 1e-15);   // relative when large
        assertEquals(1e-3, FiniteDifference.relativeError(-0.5, -0.499), 1e-15);       // absolute near g1 + g2 = −1
        assertEquals(0, FiniteDifference.relativeError(3, 3), 0);
        assertTrue(FiniteDifference.maxRelativeError(Tensor.of(new double[] {1, 2}, 2),
                Tensor.of(new double[] {1, 2.5}, 2)) > 0.09);
    }
}
