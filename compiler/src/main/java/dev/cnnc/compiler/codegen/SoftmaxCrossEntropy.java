package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Program;
import java.util.List;

/**
 * The fused, stable softmax cross-entropy on a model's single output {@code [K]}: per sample
 * {@code L = log Σ exp(z − max z) − Σ_k t_k (z_k − max z)} with targets
 * {@code t = (1 − ε)·onehot(y) + ε/K}, and the gradient of the batch mean,
 * {@code ∂L/∂z = (softmax(z) − t) / N}, added into the output's gradient.
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /** Emits the loss kernel; returns the indices of the labels buffer and the per-sample loss buffer. */
    static int[] lower(Lowering.State st, Graph graph, List<Program.Launch> phase) {
        if (graph.outputs().size() != 1) {
            throw new CodegenException("cross-entropy needs a model with one output; " + graph.name() + " has "
                    + graph.outputs().size());
        }
        Value out = graph.outputs().values().iterator().next();
        if (out.shape().rank() != 1) {
            throw new CodegenException("cross-entropy needs logits [K]; output " + out.name() + " is " + out.shape());
        }
        Lowering.Options o = st.options;
        int n = o.batch();
        int k = out.shape().dim(0);
        int labels = st.buffer("labels", 4L * n);
        int loss = st.buffer("loss", (long) n * o.precision().bytes());
        KernelTemplate.Values v = new KernelTemplate.Values(o.precision())
                .i("K", k).i("N", n).r("SMOOTH", o.labelSmoothing()).r("ONE_MINUS_SMOOTH", 1 - o.labelSmoothing())
                .r("SMOOTH_PER_CLASS", o.labelSmoothing() / k).r("INV_N", 1.0 / n);
        String prefix = "k_loss__softmax_cross_entropy";
        st.source.append("\n/* loss: softmax cross-entropy over ").append(k).append(" classes */\n");
        java.util.Map<String, String> map = new java.util.LinkedHashMap<>(v.map());
        map.put("KERNEL", prefix);
        st.source.append(KernelTemplate.load("softmax_cross_entropy").render(map));
        phase.add(new Program.Launch(prefix + "_forward_backward", List.of(new Program.BufferRef(st.values.get(out)),
                new Program.BufferRef(labels), new Program.BufferRef(loss), new Program.BufferRef(st.grads.get(out))),
                new long[] {n}, null));
        return new int[] {labels, loss};
    }
}
