package dev.cnnc.compiler.reference;

/**
 * Reference losses, forward (a scalar) and backward (the gradient of {@code dL · L} for an
 * upstream scalar {@code dL}, 1 at the top of a graph). Classification losses take logits
 * {@code z [N, K]} and integer labels {@code y[n] ∈ [0, K)}; the segmentation losses take
 * logits of any shape {@code [N, ...]} and targets of the same shape in {0, 1}. Every loss
 * is the mean over the batch of a per-sample loss.
 */
public final class LossRef {
    private LossRef() {
    }

    /** Gradients of the distillation loss w.r.t. the student's and the teacher's logits. */
    public record DistillationGrads(Tensor dStudent, Tensor dTeacher) {
    }

    // ---------------------------------------------------------------- cross_entropy

    /**
     * {@code cross_entropy(label_smoothing: ε)} as PyTorch's {@code CrossEntropyLoss}: with
     * {@code log p = log_softmax(z)} per sample,
     * {@code ℓ_n = −(1 − ε)·log p[n, y_n] − (ε/K)·Σ_k log p[n, k]}, {@code L = (1/N) Σ_n ℓ_n}.
     */
    public static double crossEntropy(Tensor z, int[] labels, double smoothing) {
        check(z, labels);
        Tensor logp = ActivationRef.logSoftmax(z, 0);
        int n = z.dim(0);
        int k = z.dim(1);
        double total = 0;
        for (int s = 0; s < n; s++) {
            double sumLogp = 0;
            for (int c = 0; c < k; c++) {
                sumLogp += logp.get(s, c);
            }
            total += -(1 - smoothing) * logp.get(s, labels[s]) - smoothing / k * sumLogp;
        }
        return total / n;
    }

    /**
     * Backward of {@link #crossEntropy}: {@code dz[n,k] = dL/N · (softmax(z)[n,k] − q[n,k])},
     * {@code q = (1 − ε)·onehot(y_n) + ε/K}.
     */
    public static Tensor crossEntropyBackward(Tensor z, int[] labels, double smoothing, double dL) {
        check(z, labels);
        Tensor p = ActivationRef.softmax(z, 0);
        int n = z.dim(0);
        int k = z.dim(1);
        Tensor dz = z.zerosLike();
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                double q = (c == labels[s] ? 1 - smoothing : 0) + smoothing / k;
                dz.set(dL / n * (p.get(s, c) - q), s, c);
            }
        }
        return dz;
    }

    // ---------------------------------------------------------------- focal

    /**
     * {@code focal(alpha: α, gamma: γ)}, multi-class softmax form: with
     * {@code p_t = softmax(z_n)[y_n]}, {@code ℓ_n = −α·(1 − p_t)^γ·log p_t}, {@code L = (1/N) Σ_n ℓ_n}.
     * (γ = 0 gives α times the cross-entropy.)
     */
    public static double focal(Tensor z, int[] labels, double alpha, double gamma) {
        check(z, labels);
        Tensor logp = ActivationRef.logSoftmax(z, 0);
        double total = 0;
        for (int s = 0; s < z.dim(0); s++) {
            double logpt = logp.get(s, labels[s]);
            double pt = Math.exp(logpt);
            total += -alpha * Math.pow(1 - pt, gamma) * logpt;
        }
        return total / z.dim(0);
    }

    /**
     * Backward of {@link #focal}: {@code dℓ/dp_t = αγ(1 − p_t)^(γ−1)·log p_t − α(1 − p_t)^γ / p_t}
     * and {@code dp_t/dz_k = p_t·(δ_{k,y} − p_k)}, so
     * {@code dz[n,k] = dL/N · (αγ(1 − p_t)^(γ−1)·p_t·log p_t − α(1 − p_t)^γ) · (δ_{k,y} − p_k)}.
     */
    public static Tensor focalBackward(Tensor z, int[] labels, double alpha, double gamma, double dL) {
        check(z, labels);
        Tensor logp = ActivationRef.logSoftmax(z, 0);
        Tensor p = ActivationRef.softmax(z, 0);
        int n = z.dim(0);
        Tensor dz = z.zerosLike();
        for (int s = 0; s < n; s++) {
            double logpt = logp.get(s, labels[s]);
            double pt = Math.exp(logpt);
            double focusTerm = gamma == 0 ? 0 : alpha * gamma * Math.pow(1 - pt, gamma - 1) * pt * logpt;
            double dlDptTimesPt = focusTerm - alpha * Math.pow(1 - pt, gamma);
            for (int c = 0; c < z.dim(1); c++) {
                double delta = c == labels[s] ? 1 : 0;
                dz.set(dL / n * dlDptTimesPt * (delta - p.get(s, c)), s, c);
            }
        }
        return dz;
    }

    // ---------------------------------------------------------------- dice, iou

    /**
     * {@code dice(smooth: s)}, soft Dice on sigmoid probabilities, per sample over all its
     * elements: {@code P = σ(z)}, {@code I = Σ P·T}, {@code S = Σ P + Σ T},
     * {@code ℓ_n = 1 − (2I + s)/(S + s)}, {@code L = (1/N) Σ_n ℓ_n}.
     */
    public static double dice(Tensor z, Tensor t, double smooth) {
        z.requireSameShape(t);
        int n = z.dim(0);
        int d = z.size() / n;
        double total = 0;
        for (int s = 0; s < n; s++) {
            double inter = 0;
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                inter += p * t.at(s * d + k);
                sum += p + t.at(s * d + k);
            }
            total += 1 - (2 * inter + smooth) / (sum + smooth);
        }
        return total / n;
    }

    /**
     * Backward of {@link #dice}: {@code dℓ/dP_i = −(2T_i(S + s) − (2I + s)) / (S + s)²},
     * {@code dz_i = dL/N · dℓ/dP_i · P_i(1 − P_i)}.
     */
    public static Tensor diceBackward(Tensor z, Tensor t, double smooth, double dL) {
        z.requireSameShape(t);
        int n = z.dim(0);
        int d = z.size() / n;
        Tensor dz = z.zerosLike();
        for (int s = 0; s < n; s++) {
            double inter = 0;
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                inter += p * t.at(s * d + k);
                sum += p + t.at(s * d + k);
            }
            double den = sum + smooth;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                double dP = -(2 * t.at(s * d + k) * den - (2 * inter + smooth)) / (den * den);
                dz.setAt(s * d + k, dL / n * dP * p * (1 - p));
            }
        }
        return dz;
    }

    /**
     * {@code iou(smooth: s)}, soft IoU (Jaccard) on sigmoid probabilities, per sample:
     * {@code I = Σ P·T}, {@code U = Σ P + Σ T − I}, {@code ℓ_n = 1 − (I + s)/(U + s)},
     * {@code L = (1/N) Σ_n ℓ_n}.
     */
    public static double iou(Tensor z, Tensor t, double smooth) {
        z.requireSameShape(t);
        int n = z.dim(0);
        int d = z.size() / n;
        double total = 0;
        for (int s = 0; s < n; s++) {
            double inter = 0;
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                inter += p * t.at(s * d + k);
                sum += p + t.at(s * d + k);
            }
            total += 1 - (inter + smooth) / (sum - inter + smooth);
        }
        return total / n;
    }

    /**
     * Backward of {@link #iou}: with {@code D = U + s}, {@code dI/dP_i = T_i}, {@code dU/dP_i = 1 − T_i},
     * {@code dℓ/dP_i = −(T_i·D − (I + s)(1 − T_i)) / D²}, {@code dz_i = dL/N · dℓ/dP_i · P_i(1 − P_i)}.
     */
    public static Tensor iouBackward(Tensor z, Tensor t, double smooth, double dL) {
        z.requireSameShape(t);
        int n = z.dim(0);
        int d = z.size() / n;
        Tensor dz = z.zerosLike();
        for (int s = 0; s < n; s++) {
            double inter = 0;
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                inter += p * t.at(s * d + k);
                sum += p + t.at(s * d + k);
            }
            double den = sum - inter + smooth;
            for (int k = 0; k < d; k++) {
                double p = sigmoid(z.at(s * d + k));
                double tk = t.at(s * d + k);
                double dP = -(tk * den - (inter + smooth) * (1 - tk)) / (den * den);
                dz.setAt(s * d + k, dL / n * dP * p * (1 - p));
            }
        }
        return dz;
    }

    // ---------------------------------------------------------------- distillation

    /**
     * {@code distillation(alpha: α, temperature: τ)}: student logits {@code z_s}, teacher logits
     * {@code z_t} (both {@code [N, K]}), hard labels y:
     * {@code L = α·CE(z_s, y) + (1 − α)·τ²·KL}, with CE as {@link #crossEntropy} (no smoothing) and
     * {@code KL = (1/N) Σ_n Σ_k q_k (log q_k − log p_k)}, {@code q = softmax(z_t/τ)},
     * {@code log p = log_softmax(z_s/τ)} (PyTorch {@code kl_div(log p, q, reduction='batchmean')}).
     */
    public static double distillation(Tensor zs, Tensor zt, int[] labels, double alpha, double tau) {
        zs.requireSameShape(zt);
        Tensor logp = ActivationRef.logSoftmax(zs.scale(1 / tau), 0);
        Tensor logq = ActivationRef.logSoftmax(zt.scale(1 / tau), 0);
        double kl = 0;
        for (int f = 0; f < zs.size(); f++) {
            kl += Math.exp(logq.at(f)) * (logq.at(f) - logp.at(f));
        }
        kl /= zs.dim(0);
        return alpha * crossEntropy(zs, labels, 0) + (1 - alpha) * tau * tau * kl;
    }

    /**
     * Backward of {@link #distillation}:
     * {@code dz_s = dL/N · [α(softmax(z_s) − onehot(y)) + (1 − α)·τ·(p − q)]};
     * {@code dz_t[n,j] = dL/N · (1 − α)·τ·q_j·((log q_j − log p_j) − KL_n)} with
     * {@code KL_n = Σ_k q_k (log q_k − log p_k)} (teachers are usually frozen; given for completeness).
     */
    public static DistillationGrads distillationBackward(Tensor zs, Tensor zt, int[] labels, double alpha,
                                                         double tau, double dL) {
        zs.requireSameShape(zt);
        int n = zs.dim(0);
        int k = zs.dim(1);
        Tensor logp = ActivationRef.logSoftmax(zs.scale(1 / tau), 0);
        Tensor logq = ActivationRef.logSoftmax(zt.scale(1 / tau), 0);
        Tensor ce = crossEntropyBackward(zs, labels, 0, dL);
        Tensor dStudent = zs.zerosLike();
        Tensor dTeacher = zt.zerosLike();
        for (int s = 0; s < n; s++) {
            double klN = 0;
            for (int c = 0; c < k; c++) {
                klN += Math.exp(logq.get(s, c)) * (logq.get(s, c) - logp.get(s, c));
            }
            for (int c = 0; c < k; c++) {
                double p = Math.exp(logp.get(s, c));
                double q = Math.exp(logq.get(s, c));
                dStudent.set(alpha * ce.get(s, c) + dL / n * (1 - alpha) * tau * (p - q), s, c);
                dTeacher.set(dL / n * (1 - alpha) * tau * q * ((logq.get(s, c) - logp.get(s, c)) - klN), s, c);
            }
        }
        return new DistillationGrads(dStudent, dTeacher);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static void check(Tensor z, int[] labels) {
        if (z.rank() != 2 || labels.length != z.dim(0)) {
            throw new IllegalArgumentException("classification losses need logits [N, K] and N labels");
        }
        for (int y : labels) {
            if (y < 0 || y >= z.dim(1)) {
                throw new IllegalArgumentException("label " + y + " outside [0, " + z.dim(1) + ")");
            }
        }
    }
}
