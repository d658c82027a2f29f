package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attributes that fusion passes add to a node (never written by users, so not among any op's
 * options; they show in the IR dump):
 * <ul>
 * <li>{@value #RELU} makes an op that supports it (batchnorm, add) apply ReLU to its output in
 * the same kernel, and mask its output gradient by {@code y > 0} (PyTorch's ReLU derivative) in
 * its backward kernels (pass {@code FuseRelu}).</li>
 * <li>{@value #ACTIVATION} (an activation with its options, e.g. {@code relu} or
 * {@code leaky_relu(alpha=0.1)}) and {@value #RESIDUAL} (input 1 is added) make up the epilogue
 * of a convolution or dense layer, applied where its matrix product stores:
 * {@code y = act(W·x + b + r)} (pass {@code FuseEpilogue}). Its backward needs only the output:
 * see {@link #epilogueActivation}.</li>
 * <li>{@value #FOLDED_BN} names the batchnorm folded into a convolution or dense layer (with its
 * eps and affine), whose parameters the node then also owns (pass {@code FoldBatchNorm};
 * inference only).</li>
 * <li>{@value #CHAIN} lists the activations applied after an activation in its own kernel (pass
 * {@code FuseElementwise}).</li>
 * <li>{@value #BN_STATISTICS} makes a convolution also write partial batch statistics of its
 * output (in {@code codegen.kernels.FusedKernels.statisticsBuffer}), and
 * {@value #GIVEN_STATISTICS} makes the batchnorm that reads it take its training statistics from
 * them (pass {@code FuseBatchNormStatistics}; training only).</li>
 * </ul>
 * Their kernels' side (the activation as OpenCL C, the epilogue's backward, the statistics
 * buffer) is {@code codegen.kernels.FusedKernels}.
 */
public final class Fused {
    public static final String RELU = "fused_relu";
    public static final String ACTIVATION = "fused_activation";
    public static final String RESIDUAL = "fused_residual";
    public static final String FOLDED_BN = "folded_batchnorm";
    public static final String CHAIN = "fused_chain";
    public static final String BN_STATISTICS = "batchnorm_statistics";
    public static final String GIVEN_STATISTICS = "given_statistics";

    private Fused() {
    }

    /** Whether the convolution writes its output's batch statistics for a batchnorm. */
    public static boolean bnStatistics(Attrs a) {
        return a.has(BN_STATISTICS) && a.b(BN_STATISTICS);
    }

    /** Whether the batchnorm's training statistics come from its input's producer. */
    public static boolean givenStatistics(Attrs a) {
        return a.has(GIVEN_STATISTICS) && a.b(GIVEN_STATISTICS);
    }

    /** Whether the node's ReLU is fused in. */
    public static boolean relu(Attrs a) {
        return a.has(RELU) && a.b(RELU);
    }

    /** Whether the op of {@code n} can take a ReLU into its kernels. */
    public static boolean acceptsRelu(Node n) {
        return n.op() instanceof BatchNorm || n.op() instanceof Add;
    }

    /** {@code a} with {@value #RELU} set. */
    public static Attrs withRelu(Attrs a) {
        return with(a, RELU, true);
    }

    /** {@code a} with {@code key} set to {@code value} (added last, or replaced in place). */
    public static Attrs with(Attrs a, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(a.asMap());
        m.put(key, value);
        return new Attrs(m);
    }

    /** {@code a} without {@code key}. */
    public static Attrs without(Attrs a, String key) {
        Map<String, Object> m = new LinkedHashMap<>(a.asMap());
        m.remove(key);
        return new Attrs(m);
    }

    /** Whether the op of {@code n} has an epilogue (conv, dense). */
    public static boolean acceptsEpilogue(Node n) {
        return n.op() instanceof Conv || n.op() instanceof Dense;
    }

    /**
     * The activation node {@code n} as an epilogue component ({@code relu}, {@code sigmoid},
     * {@code leaky_relu(alpha=...)}), or null when {@code n} is no activation or its derivative
     * cannot be had from its output ({@link Pointwise#derivativeFromOutput}): an epilogue keeps only
     * the activated output, not the value before it.
     */
    public static Component epilogueActivation(Node n) {
        if (!(n.op() instanceof Pointwise pw) || pw.isView() || n.inputs().size() != 1
                || !pw.derivativeFromOutput(n.attrs()) || n.attrs().has(CHAIN)) {
            return null;
        }
        return new Component(pw.name(), n.attrs());
    }

    /** The epilogue's (or a chain's) activation {@code c} as its op. */
    public static Pointwise activationOp(Component c) {
        return (Pointwise) OpRegistry.standard().lookup(c.name());
    }

    /** The fused activation of {@code a}, or null. */
    public static Component activation(Attrs a) {
        return a.component(ACTIVATION);
    }

    /** Whether input 1 is added to the output before the activation. */
    public static boolean residual(Attrs a) {
        return a.has(RESIDUAL) && a.b(RESIDUAL);
    }

    /** The folded batchnorm of {@code a} (its node name, eps and affine), or null. */
    public static Component foldedBatchNorm(Attrs a) {
        return a.component(FOLDED_BN);
    }

    /** The activations chained after an activation ({@value #CHAIN}), empty for none. */
    @SuppressWarnings("unchecked")
    public static List<Component> chain(Attrs a) {
        Object c = a.get(CHAIN);
        return c == null ? List.of() : (List<Component>) c;
    }
}
