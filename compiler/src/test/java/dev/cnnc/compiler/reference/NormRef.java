package dev.cnnc.compiler.reference;

/**
 * Reference normalizations, forward and backward, as PyTorch: {@code batchnorm} in training
 * and inference mode ({@code BatchNorm2d} on {@code [N, C, H, W]}, {@code BatchNorm1d} on
 * {@code [N, F]}) and {@code layernorm} over all of a sample's features
 * ({@code LayerNorm(x.shape[1:])}). Without {@code affine}, pass γ = β = null (γ = 1, β = 0);
 * their gradients are then null.
 */
public final class NormRef {
    private NormRef() {
    }

    /** Gradients of a normalization; {@code dGamma}, {@code dBeta} are null without affine. */
    public record Grads(Tensor dx, Tensor dGamma, Tensor dBeta) {
    }

    /**
     * What a training-mode batch norm produces: the output, the batch mean and the biased
     * batch variance per channel, and the updated running statistics.
     */
    public record TrainOutput(Tensor y, Tensor mean, Tensor var, Tensor runningMean, Tensor runningVar) {
    }

    // ---------------------------------------------------------------- batchnorm, training

    /** Per-channel batch mean {@code μ_c = (1/M) Σ_{n,h,w} x[n,c,h,w]}, M = N·H·W. */
    public static Tensor channelMean(Tensor x) {
        Tensor.Lanes l = x.lanes(1);
        Tensor mean = new Tensor(l.len());
        for (int c = 0; c < l.len(); c++) {
            double s = 0;
            for (int n = 0; n < l.outer(); n++) {
                for (int i = 0; i < l.inner(); i++) {
                    s += x.at(l.flat(n, c, i));
                }
            }
            mean.set(s / (l.outer() * l.inner()), c);
        }
        return mean;
    }

    /** Per-channel biased batch variance {@code σ²_c = (1/M) Σ (x − μ_c)²}. */
    public static Tensor channelVariance(Tensor x, Tensor mean) {
        Tensor.Lanes l = x.lanes(1);
        Tensor var = new Tensor(l.len());
        for (int c = 0; c < l.len(); c++) {
            double s = 0;
            for (int n = 0; n < l.outer(); n++) {
                for (int i = 0; i < l.inner(); i++) {
                    double d = x.at(l.flat(n, c, i)) - mean.get(c);
                    s += d * d;
                }
            }
            var.set(s / (l.outer() * l.inner()), c);
        }
        return var;
    }

    /**
     * {@code batchnorm}, training mode, x {@code [N, C, ...]}:
     * {@code y = γ_c · (x − μ_c) / √(σ²_c + ε) + β_c} with the batch statistics of
     * {@link #channelMean} and {@link #channelVariance} (biased); running statistics updated as
     * PyTorch: {@code running_mean ← (1 − m)·running_mean + m·μ},
     * {@code running_var ← (1 − m)·running_var + m·σ²·M/(M − 1)} (unbiased).
     */
    public static TrainOutput batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                             Tensor runningVar, double momentum, double eps) {
        Tensor.Lanes l = x.lanes(1);
        int m = l.outer() * l.inner();
        if (m < 2) {
            throw new IllegalArgumentException("batch norm in training needs more than one value per channel");
        }
        Tensor mean = channelMean(x);
        Tensor var = channelVariance(x, mean);
        Tensor y = x.zerosLike();
        for (int n = 0; n < l.outer(); n++) {
            for (int c = 0; c < l.len(); c++) {
                for (int i = 0; i < l.inner(); i++) {
                    int f = l.flat(n, c, i);
                    double xhat = (x.at(f) - mean.get(c)) / Math.sqrt(var.get(c) + eps);
                    y.setAt(f, g(gamma, c) * xhat + b(beta, c));
                }
            }
        }
        Tensor rm = runningMean.zerosLike();
        Tensor rv = runningVar.zerosLike();
        for (int c = 0; c < l.len(); c++) {
            rm.set((1 - momentum) * runningMean.get(c) + momentum * mean.get(c), c);
            rv.set((1 - momentum) * runningVar.get(c) + momentum * var.get(c) * m / (m - 1), c);
        }
        return new TrainOutput(y, mean, var, rm, rv);
    }

    /**
     * Backward of {@link #batchNormTrain} (the statistics depend on x):
     * {@code dβ_c = Σ dy}, {@code dγ_c = Σ dy·x̂},
     * {@code dx = γ_c/√(σ²_c + ε) · (dy − mean_c(dy) − x̂ · mean_c(dy·x̂))}, means over (n, h, w).
     */
    public static Grads batchNormTrainBackward(Tensor x, Tensor gamma, double eps, Tensor dy) {
        Tensor.Lanes l = x.lanes(1);
        int m = l.outer() * l.inner();
        Tensor mean = channelMean(x);
        Tensor var = channelVariance(x, mean);
        Tensor dx = x.zerosLike();
        Tensor dGamma = new Tensor(l.len());
        Tensor dBeta = new Tensor(l.len());
        for (int c = 0; c < l.len(); c++) {
            double sd = Math.sqrt(var.get(c) + eps);
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int n = 0; n < l.outer(); n++) {
                for (int i = 0; i < l.inner(); i++) {
                    int f = l.flat(n, c, i);
                    double xhat = (x.at(f) - mean.get(c)) / sd;
                    sumDy += dy.at(f);
                    sumDyXhat += dy.at(f) * xhat;
                }
            }
            dBeta.set(sumDy, c);
            dGamma.set(sumDyXhat, c);
            for (int n = 0; n < l.outer(); n++) {
                for (int i = 0; i < l.inner(); i++) {
                    int f = l.flat(n, c, i);
                    double xhat = (x.at(f) - mean.get(c)) / sd;
                    dx.setAt(f, g(gamma, c) / sd * (dy.at(f) - sumDy / m - xhat * sumDyXhat / m));
                }
            }
        }
        return gamma == null ? new Grads(dx, null, null) : new Grads(dx, dGamma, dBeta);
    }

    // ---------------------------------------------------------------- batchnorm, inference

    /** {@code batchnorm}, inference mode: {@code y = γ_c · (x − running_mean_c) / √(running_var_c + ε) + β_c}. */
    public static Tensor batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                            Tensor runningVar, double eps) {
        Tensor.Lanes l = x.lanes(1);
        Tensor y = x.zerosLike();
        for (int n = 0; n < l.outer(); n++) {
            for (int c = 0; c < l.len(); c++) {
                for (int i = 0; i < l.inner(); i++) {
                    int f = l.flat(n, c, i);
                    double xhat = (x.at(f) - runningMean.get(c)) / Math.sqrt(runningVar.get(c) + eps);
                    y.setAt(f, g(gamma, c) * xhat + b(beta, c));
                }
            }
        }
        return y;
    }

    /**
     * Backward of {@link #batchNormInference} (statistics are constants):
     * {@code dx = dy · γ_c / √(running_var_c + ε)}, {@code dγ_c = Σ dy·x̂}, {@code dβ_c = Σ dy}.
     */
    public static Grads batchNormInferenceBackward(Tensor x, Tensor gamma, Tensor runningMean, Tensor runningVar,
                                                   double eps, Tensor dy) {
        Tensor.Lanes l = x.lanes(1);
        Tensor dx = x.zerosLike();
        Tensor dGamma = new Tensor(l.len());
        Tensor dBeta = new Tensor(l.len());
        for (int n = 0; n < l.outer(); n++) {
            for (int c = 0; c < l.len(); c++) {
                for (int i = 0; i < l.inner(); i++) {
                    int f = l.flat(n, c, i);
                    double sd = Math.sqrt(runningVar.get(c) + eps);
                    double xhat = (x.at(f) - runningMean.get(c)) / sd;
                    dx.setAt(f, dy.at(f) * g(gamma, c) / sd);
                    dGamma.add(dy.at(f) * xhat, c);
                    dBeta.add(dy.at(f), c);
                }
            }
        }
        return gamma == null ? new Grads(dx, null, null) : new Grads(dx, dGamma, dBeta);
    }

    // ---------------------------------------------------------------- layernorm

    /**
     * {@code layernorm}: per sample n over its D features,
     * {@code μ_n = (1/D) Σ_k x[n,k]}, {@code σ²_n = (1/D) Σ_k (x[n,k] − μ_n)²} (biased),
     * {@code y[n,k] = γ[k] · (x[n,k] − μ_n)/√(σ²_n + ε) + β[k]}; γ, β have the per-sample shape.
     */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        int n = x.dim(0);
        int d = x.size() / n;
        Tensor y = x.zerosLike();
        for (int s = 0; s < n; s++) {
            double[] st = sampleStats(x, s, d);
            for (int k = 0; k < d; k++) {
                double xhat = (x.at(s * d + k) - st[0]) / Math.sqrt(st[1] + eps);
                y.setAt(s * d + k, flatOr(gamma, k, 1) * xhat + flatOr(beta, k, 0));
            }
        }
        return y;
    }

    /**
     * Backward of {@link #layerNorm}: with {@code g = dy·γ} and means over a sample's features,
     * {@code dx = (g − mean(g) − x̂ · mean(g·x̂)) / √(σ²_n + ε)}, {@code dγ[k] = Σ_n dy·x̂},
     * {@code dβ[k] = Σ_n dy}.
     */
    public static Grads layerNormBackward(Tensor x, Tensor gamma, double eps, Tensor dy) {
        int n = x.dim(0);
        int d = x.size() / n;
        Tensor dx = x.zerosLike();
        Tensor dGamma = gamma == null ? null : gamma.zerosLike();
        Tensor dBeta = gamma == null ? null : gamma.zerosLike();
        for (int s = 0; s < n; s++) {
            double[] st = sampleStats(x, s, d);
            double sd = Math.sqrt(st[1] + eps);
            double sumG = 0;
            double sumGXhat = 0;
            for (int k = 0; k < d; k++) {
                double xhat = (x.at(s * d + k) - st[0]) / sd;
                double g = dy.at(s * d + k) * flatOr(gamma, k, 1);
                sumG += g;
                sumGXhat += g * xhat;
                if (dGamma != null) {
                    dGamma.setAt(k, dGamma.at(k) + dy.at(s * d + k) * xhat);
                    dBeta.setAt(k, dBeta.at(k) + dy.at(s * d + k));
                }
            }
            for (int k = 0; k < d; k++) {
                double xhat = (x.at(s * d + k) - st[0]) / sd;
                double g = dy.at(s * d + k) * flatOr(gamma, k, 1);
                dx.setAt(s * d + k, (g - sumG / d - xhat * sumGXhat / d) / sd);
            }
        }
        return new Grads(dx, dGamma, dBeta);
    }

    /** {@code [μ, σ²]} (biased) of sample s's d features. */
    private static double[] sampleStats(Tensor x, int s, int d) {
        double sum = 0;
        for (int k = 0; k < d; k++) {
            sum += x.at(s * d + k);
        }
        double mean = sum / d;
        double sq = 0;
        for (int k = 0; k < d; k++) {
            double dev = x.at(s * d + k) - mean;
            sq += dev * dev;
        }
        return new double[] {mean, sq / d};
    }

    private static double g(Tensor gamma, int c) {
        return gamma == null ? 1 : gamma.get(c);
    }

    private static double b(Tensor beta, int c) {
        return beta == null ? 0 : beta.get(c);
    }

    private static double flatOr(Tensor t, int k, double otherwise) {
        return t == null ? otherwise : t.at(k);
    }
}
