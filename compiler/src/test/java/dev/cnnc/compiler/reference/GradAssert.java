package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The gradient check every reference test uses: analytic backward versus central differences. */
final class GradAssert {
    /** Largest {@link FiniteDifference#relativeError} accepted between the two gradients. */
    static final double TOLERANCE = 1e-6;

    private GradAssert() {
    }

    /**
     * Asserts that {@code analytic} is the central-difference gradient of the scalar {@code f}
     * with respect to {@code x}, and that the gradient is not all zero (a zero gradient would
     * make the comparison vacuous).
     */
    static void check(String what, Tensor analytic, DoubleSupplier f, Tensor x) {
        Tensor numeric = FiniteDifference.gradient(f, x, FiniteDifference.STEP);
        double err = FiniteDifference.maxRelativeError(analytic, numeric);
        assertTrue(err < TOLERANCE, () -> what + ": max relative error " + err + " (analytic " + analytic
                + ", numeric " + numeric + ")");
        assertTrue(numeric.maxAbs() > 1e-4, () -> what + ": the gradient is zero, so the check proves nothing");
    }

    /** {@link #check} for {@code L = Σ dy·f()}, the scalar whose gradient a backward pass given dy returns. */
    static void check(String what, Tensor analytic, Supplier<Tensor> f, Tensor dy, Tensor x) {
        check(what, analytic, () -> dy.dot(f.get()), x);
    }
}
