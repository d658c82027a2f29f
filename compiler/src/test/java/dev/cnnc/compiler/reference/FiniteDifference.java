package dev.cnnc.compiler.reference;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Numerical gradients by central differences, to check backward rules:
 * {@code ∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h}, truncation error {@code O(h²)}.
 *
 * <p>The function is a closure that reads the tensor being differentiated; {@link #gradient}
 * perturbs that tensor's elements in place, one at a time, and restores each one. To check
 * the backward of an op {@code y = f(x, w)} given {@code dY}, differentiate the scalar
 * {@code L = Σ dY·f(x, w)}, whose gradient is exactly what the backward returns:
 * <pre>
 * Tensor dw = FiniteDifference.gradient(() -> dy.dot(ConvRef.conv2d(x, w, b, s)), w, 1e-6);
 * </pre>
 */
public final class FiniteDifference {
    /** The step the reference tests use: small for truncation, large enough for double round-off. */
    public static final double STEP = 1e-6;

    private FiniteDifference() {
    }

    /** Central-difference gradient of the scalar {@code f} with respect to every element of {@code x}. */
    public static Tensor gradient(DoubleSupplier f, Tensor x, double h) {
        Tensor g = x.zerosLike();
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            double old = d[i];
            d[i] = old + h;
            double plus = f.getAsDouble();
            d[i] = old - h;
            double minus = f.getAsDouble();
            d[i] = old;
            g.setAt(i, (plus - minus) / (2 * h));
        }
        return g;
    }

    /** Gradient of {@code L = Σ dy·f()} with respect to {@code x}: what a backward pass given dy returns. */
    public static Tensor gradient(Supplier<Tensor> f, Tensor dy, Tensor x, double h) {
        return gradient(() -> dy.dot(f.get()), x, h);
    }

    /**
     * Glow's gradient-check error ({@code gradDiff} in its GradCheckTest):
     * {@code min(|g1 − g2|, |g1 − g2| / |g1 + g2 + 1|)}: relative for large gradients, absolute
     * for small ones (and where {@code g1 + g2} happens to be near −1).
     */
    public static double relativeError(double g1, double g2) {
        double diff = Math.abs(g1 - g2);
        return Math.min(diff, diff / Math.abs(g1 + g2 + 1));
    }

    /** The largest {@link #relativeError} over the elements of two tensors of equal shape. */
    public static double maxRelativeError(Tensor a, Tensor b) {
        a.requireSameShape(b);
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            double e = relativeError(a.at(i), b.at(i));
            if (Double.isNaN(e)) {
                return Double.NaN;
            }
            m = Math.max(m, e);
        }
        return m;
    }
}
