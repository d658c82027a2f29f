package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.optim.StepVariables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training losses, each fused with the softmax of a model's single output {@code [K]} and
 * computed stably (the maximum logit subtracted). One work-item per sample writes that sample's
 * loss into the {@code loss} buffer and ADDS the gradient of the batch mean of the loss with
 * respect to its logits into the output's gradient (zeroed by {@code zero_grads}); the backward
 * rules of the graph carry it on from there. The gradient is multiplied by the real variable
 * {@value dev.cnnc.train.optim.StepVariables#LOSS_SCALE} (initially 1): the loss scale of
 * mixed-precision training (PyTorch's {@code scaler.scale(loss).backward()}), which the host sets
 * and changes between steps; the per-sample losses written are never scaled.
 *
 * <ul>
 *   <li>{@code cross_entropy(label_smoothing: ε)}: {@code ℓ = −Σ_k t_k log p_k} with
 *       {@code p = softmax(z)}, {@code t = (1 − ε)·onehot(y) + ε/K} (PyTorch's
 *       {@code CrossEntropyLoss}); {@code ∂L/∂z = (p − t)/N}.</li>
 *   <li>{@code focal(alpha: α, gamma: γ)}, the multi-class softmax form with one scalar α for
 *       every class (not a per-class α_t): {@code ℓ = −α·(1 − p_t)^γ·log p_t}, {@code p_t = p_y};
 *       {@code ∂L/∂z_k = (1/N)·α·[γ(1 − p_t)^(γ−1)·p_t·log p_t − (1 − p_t)^γ]·(δ_ky − p_k)}.
 *       γ = 0 is α times the cross-entropy.</li>
 * </ul>
 */
public final class LossLowering {
    private LossLowering() {
    }

    /**
     * Which loss a training program ends with, and its options (those of the language's loss
     * catalog: {@code cross_entropy(label_smoothing)}, {@code focal(alpha, gamma)}); options a
     * loss does not have are 0.
     *
     * @param name           {@link #CROSS_ENTROPY} or {@link #FOCAL}
     * @param labelSmoothing cross-entropy's label smoothing ε in [0, 1)
     * @param alpha          focal's weight α ≥ 0 (one scalar for every class)
     * @param gamma          focal's focusing exponent γ ≥ 0
     */
    public record Loss(String name, double labelSmoothing, double alpha, double gamma) {
        public static final String CROSS_ENTROPY = "cross_entropy";
        public static final String FOCAL = "focal";

        public Loss {
            if (CROSS_ENTROPY.equals(name)) {
                if (!(labelSmoothing >= 0 && labelSmoothing < 1) || alpha != 0 || gamma != 0) {
                    throw new IllegalArgumentException("cross_entropy needs 0 <= label_smoothing < 1 and no alpha or "
                            + "gamma: " + labelSmoothing + ", " + alpha + ", " + gamma);
                }
            } else if (FOCAL.equals(name)) {
                if (!(alpha >= 0 && Double.isFinite(alpha)) || !(gamma >= 0 && Double.isFinite(gamma))
                        || labelSmoothing != 0) {
                    throw new IllegalArgumentException("focal needs alpha >= 0, gamma >= 0 and no label_smoothing: "
                            + alpha + ", " + gamma + ", " + labelSmoothing);
                }
            } else {
                throw new IllegalArgumentException("no loss `" + name + "` for training (known: " + CROSS_ENTROPY
                        + ", " + FOCAL + ")");
            }
        }

        public static Loss crossEntropy(double labelSmoothing) {
            return new Loss(CROSS_ENTROPY, labelSmoothing, 0, 0);
        }

        public static Loss focal(double alpha, double gamma) {
            return new Loss(FOCAL, 0, alpha, gamma);
        }

        @Override
        public String toString() {
            return FOCAL.equals(name) ? "focal(alpha: " + alpha + ", gamma: " + gamma + ")"
                    : "cross_entropy(label_smoothing: " + labelSmoothing + ")";
        }
    }

    /** Emits the loss kernel; returns the indices of the labels buffer and the per-sample loss buffer. */
    static int[] lower(Lowering.State st, Graph graph, List<Program.Launch> phase) {
        Loss spec = st.options.lossFunction();
        if (graph.outputs().size() != 1) {
            throw new CodegenException(spec.name() + " needs a model with one output; " + graph.name() + " has "
                    + graph.outputs().size());
        }
        Value out = graph.outputs().values().iterator().next();
        if (out.shape().rank() != 1) {
            throw new CodegenException(spec.name() + " needs logits [K]; output " + out.name() + " is "
                    + out.shape());
        }
        Lowering.Options o = st.options;
        int n = o.batch();
        int k = out.shape().dim(0);
        int labels = st.buffer("labels", 4L * n);
        int loss = st.buffer("loss", (long) n * o.precision().bytes());
        // the batch is an argument (the same kernel for every batch size)
        KernelTemplate.Values v = new KernelTemplate.Values(o.precision()).i("K", k);
        String template;
        if (Loss.FOCAL.equals(spec.name())) {
            template = "softmax_focal";
            v.r("ALPHA", spec.alpha()).r("GAMMA", spec.gamma()).i("HAS_GAMMA", spec.gamma() != 0 ? 1 : 0);
        } else {
            template = "softmax_cross_entropy";
            double s = spec.labelSmoothing();
            v.r("SMOOTH", s).r("ONE_MINUS_SMOOTH", 1 - s).r("SMOOTH_PER_CLASS", s / k);
        }
        String prefix = st.instantiate(template, v);
        Program.Variable scale = new Program.Variable(StepVariables.LOSS_SCALE, o.precision() == Precision.FP64
                ? Program.Variable.Type.DOUBLE : Program.Variable.Type.FLOAT, 1.0);
        phase.add(new Program.Launch(prefix + "_forward_backward", List.of(new Program.BufferRef(st.values.get(out)),
                new Program.BufferRef(labels), new Program.BufferRef(loss), new Program.BufferRef(st.grads.get(out)), n,
                scale), new long[] {n}, null, "loss " + spec.name()));
        return new int[] {labels, loss};
    }
}
