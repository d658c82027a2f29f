package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Add;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels of {@link Add} ({@code kernels/add.cl}, {@code kernels/add_backward.cl}). They read
 * and write fp16 buffers themselves ({@link #halfStorage}): each buffer argument is specialised to
 * its own storage, as the inputs of one sum may differ (a model input is real).
 */
public final class AddKernels implements OpKernels {
    /**
     * Kernels: one work-item per element; the forward reads every input, the backward writes dy
     * (masked by a fused ReLU) to every input gradient in one launch, or once per input when an
     * input repeats.
     */
    @Override
    public void forward(Emitter e) {
        int count = e.node().inputs().size();
        Object[] args = new Object[count + 1];
        for (int i = 0; i < count; i++) {
            args[i] = e.input(i);
        }
        args[count] = e.output();
        e.launch(kernels(e, e.inputGradStorage(0)) + "_forward", elements(e), args);
    }

    @Override
    public void backward(Emitter e) {
        // The output is read only with a fused ReLU; otherwise dy stands in (the planner keeps what is passed alive).
        Program.BufferRef y = Fused.relu(e.attrs()) ? e.output() : e.gradOutput();
        List<Value> inputs = e.node().inputs();
        if (new java.util.HashSet<>(inputs).size() == inputs.size()) {
            // distinct inputs: every gradient in one launch, dy and y read once
            StringBuilder params = new StringBuilder();
            StringBuilder stores = new StringBuilder();
            List<Object> args = new ArrayList<>(List.of(e.gradOutput(), y));
            for (int i = 0; i < inputs.size(); i++) {
                if (e.gradInput(i) != null) {
                    String t = e.storage(e.gradInput(i));
                    String dx = "dx" + i;
                    params.append(", __global ").append(t).append("* ").append(dx);
                    stores.append("    STORE_").append(t).append("(").append(dx).append(", i, ")
                            .append(e.firstGradient(i) ? "g" : "LOAD_" + t + "(" + dx + ", i) + g").append(");\n");
                    args.add(e.gradInput(i));
                }
            }
            if (args.size() > 2) {
                String kb = e.kernels("add_backward", new KernelTemplate.Values(e.precision())
                        .i("RELU", Fused.relu(e.attrs()) ? 1 : 0).s("DYT", e.outputGradStorage())
                        .s("MT", maskStorage(e)).s("GRAD_ARGS", params.toString())
                        .s("GRAD_STORES", stores.toString().stripTrailing()));
                e.launch(kb + "_all", elements(e), args.toArray());
            }
            return;
        }
        // One launch per input, in order: an input used twice (add(a, a)) accumulates 2 dy without a race.
        for (int i = 0; i < e.node().inputs().size(); i++) {
            if (e.gradInput(i) != null) {
                String k = kernels(e, e.inputGradStorage(i));
                e.launch(k + (e.firstGradient(i) ? "_backward_first" : "_backward"), elements(e), e.gradOutput(), y,
                        e.gradInput(i));
            }
        }
    }

    private static long elements(Emitter e) {
        return e.batch() * e.outputType().shape().elements();
    }

    /**
     * The storage of the backward's y argument: the output with a fused ReLU, else dy, which
     * stands in for it.
     */
    private static String maskStorage(Emitter e) {
        return Fused.relu(e.attrs()) ? e.outputStorage() : e.outputGradStorage();
    }

    /** The kernels of add.cl, their dx of storage {@code dxStorage} (the input gradient a backward launch adds to). */
    private static String kernels(Emitter e, String dxStorage) {
        int count = e.node().inputs().size();
        StringBuilder inputs = new StringBuilder();
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String t = e.inputStorage(i);
            inputs.append(i == 0 ? "" : ", ").append("__global const ").append(t).append("* x").append(i);
            sum.append(i == 0 ? "" : " + ").append("LOAD_").append(t).append("(x").append(i).append(", i)");
        }
        return e.kernels("add", new KernelTemplate.Values(e.precision()).i("COUNT", count)
                .s("INPUTS", inputs.toString()).s("SUM", sum.toString()).i("RELU", Fused.relu(e.attrs()) ? 1 : 0)
                .s("YT", e.outputStorage()).s("DYT", e.outputGradStorage()).s("MT", maskStorage(e))
                .s("DXT", dxStorage));
    }

    /** Every launch takes each buffer in its own storage. */
    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }
}
