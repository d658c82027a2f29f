package dev.cnnc.compiler.reference;

/**
 * Reference element-wise activations and (log-)softmax, forward and backward, as PyTorch:
 * {@code relu, relu6, leaky_relu(alpha), elu(alpha), sigmoid, tanh, identity}, and
 * {@code softmax}/{@code log_softmax} along a per-sample axis.
 *
 * <p>At a kink the derivative is PyTorch's: relu'(0) = 0, relu6' is 0 at 0 and at 6,
 * leaky_relu'(0) = α, elu'(0) = α. Gradient checks stay away from kinks.
 */
public final class ActivationRef {
    private ActivationRef() {
    }

    /** The element-wise activations, named as in the language. */
    public enum Kind {
        RELU("relu"), RELU6("relu6"), LEAKY_RELU("leaky_relu"), ELU("elu"), SIGMOID("sigmoid"), TANH("tanh"),
        IDENTITY("identity");

        private final String opName;

        Kind(String opName) {
            this.opName = opName;
        }

        public String opName() {
            return opName;
        }

        /** Points where the function is not differentiable (for choosing test inputs). */
        public double[] kinks() {
            switch (this) {
                case RELU:
                case LEAKY_RELU:
                case ELU:
                    return new double[] {0};
                case RELU6:
                    return new double[] {0, 6};
                default:
                    return new double[0];
            }
        }
    }

    /** {@code f(x)} for one element; {@code alpha} is used by leaky_relu and elu only. */
    public static double apply(Kind k, double alpha, double x) {
        switch (k) {
            case RELU:
                return x > 0 ? x : 0;                          // max(0, x)
            case RELU6:
                return Math.min(Math.max(x, 0), 6);            // min(max(0, x), 6)
            case LEAKY_RELU:
                return x > 0 ? x : alpha * x;                  // x > 0 ? x : αx
            case ELU:
                return x > 0 ? x : alpha * (Math.exp(x) - 1);  // x > 0 ? x : α(eˣ − 1)
            case SIGMOID:
                return 1 / (1 + Math.exp(-x));                 // 1 / (1 + e⁻ˣ)
            case TANH:
                return Math.tanh(x);
            case IDENTITY:
                return x;
            default:
                throw new AssertionError(k);
        }
    }

    /** {@code f'(x)} for one element. */
    public static double derivative(Kind k, double alpha, double x) {
        switch (k) {
            case RELU:
                return x > 0 ? 1 : 0;
            case RELU6:
                return x > 0 && x < 6 ? 1 : 0;
            case LEAKY_RELU:
                return x > 0 ? 1 : alpha;
            case ELU:
                return x > 0 ? 1 : alpha * Math.exp(x);        // d/dx α(eˣ − 1) = αeˣ
            case SIGMOID: {
                double s = apply(Kind.SIGMOID, alpha, x);
                return s * (1 - s);                            // σ(1 − σ)
            }
            case TANH: {
                double t = Math.tanh(x);
                return 1 - t * t;                              // 1 − tanh²
            }
            case IDENTITY:
                return 1;
            default:
                throw new AssertionError(k);
        }
    }

    /** {@code y = f(x)} element-wise, any shape. */
    public static Tensor forward(Kind k, double alpha, Tensor x) {
        Tensor y = x.zerosLike();
        for (int i = 0; i < x.size(); i++) {
            y.setAt(i, apply(k, alpha, x.at(i)));
        }
        return y;
    }

    /** {@code dx = dy · f'(x)} element-wise. */
    public static Tensor backward(Kind k, double alpha, Tensor x, Tensor dy) {
        x.requireSameShape(dy);
        Tensor dx = x.zerosLike();
        for (int i = 0; i < x.size(); i++) {
            dx.setAt(i, dy.at(i) * derivative(k, alpha, x.at(i)));
        }
        return dx;
    }

    // ---------------------------------------------------------------- softmax

    /**
     * {@code softmax} along per-sample {@code axis} (0: channels/features, −1: last), per lane:
     * {@code y_k = exp(x_k − m) / Σ_j exp(x_j − m)} with {@code m = max_j x_j}.
     */
    public static Tensor softmax(Tensor x, int axis) {
        Tensor.Lanes l = x.lanes(x.sampleAxis(axis));
        Tensor y = x.zerosLike();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double m = laneMax(x, l, o, i);
                double sum = 0;
                for (int k = 0; k < l.len(); k++) {
                    sum += Math.exp(x.at(l.flat(o, k, i)) - m);
                }
                for (int k = 0; k < l.len(); k++) {
                    y.setAt(l.flat(o, k, i), Math.exp(x.at(l.flat(o, k, i)) - m) / sum);
                }
            }
        }
        return y;
    }

    /** Backward of {@link #softmax}: {@code dx_k = y_k · (dy_k − Σ_j dy_j y_j)}. */
    public static Tensor softmaxBackward(Tensor x, int axis, Tensor dy) {
        Tensor y = softmax(x, axis);
        Tensor.Lanes l = x.lanes(x.sampleAxis(axis));
        Tensor dx = x.zerosLike();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double dot = 0;
                for (int k = 0; k < l.len(); k++) {
                    dot += dy.at(l.flat(o, k, i)) * y.at(l.flat(o, k, i));
                }
                for (int k = 0; k < l.len(); k++) {
                    int f = l.flat(o, k, i);
                    dx.setAt(f, y.at(f) * (dy.at(f) - dot));
                }
            }
        }
        return dx;
    }

    /** {@code log_softmax} along per-sample {@code axis}: {@code y_k = x_k − m − log Σ_j exp(x_j − m)}. */
    public static Tensor logSoftmax(Tensor x, int axis) {
        Tensor.Lanes l = x.lanes(x.sampleAxis(axis));
        Tensor y = x.zerosLike();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double m = laneMax(x, l, o, i);
                double sum = 0;
                for (int k = 0; k < l.len(); k++) {
                    sum += Math.exp(x.at(l.flat(o, k, i)) - m);
                }
                double lse = m + Math.log(sum);
                for (int k = 0; k < l.len(); k++) {
                    y.setAt(l.flat(o, k, i), x.at(l.flat(o, k, i)) - lse);
                }
            }
        }
        return y;
    }

    /** Backward of {@link #logSoftmax}: {@code dx_k = dy_k − softmax(x)_k · Σ_j dy_j}. */
    public static Tensor logSoftmaxBackward(Tensor x, int axis, Tensor dy) {
        Tensor p = softmax(x, axis);
        Tensor.Lanes l = x.lanes(x.sampleAxis(axis));
        Tensor dx = x.zerosLike();
        for (int o = 0; o < l.outer(); o++) {
            for (int i = 0; i < l.inner(); i++) {
                double sum = 0;
                for (int k = 0; k < l.len(); k++) {
                    sum += dy.at(l.flat(o, k, i));
                }
                for (int k = 0; k < l.len(); k++) {
                    int f = l.flat(o, k, i);
                    dx.setAt(f, dy.at(f) - p.at(f) * sum);
                }
            }
        }
        return dx;
    }

    private static double laneMax(Tensor x, Tensor.Lanes l, int o, int i) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < l.len(); k++) {
            m = Math.max(m, x.at(l.flat(o, k, i)));
        }
        return m;
    }
}
