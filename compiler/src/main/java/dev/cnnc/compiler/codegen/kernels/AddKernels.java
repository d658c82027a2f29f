package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Add;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.List;

/** The kernels of {@link Add} ({@code kernels/add.cl}, {@code kernels/add_backward.cl}). */
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
        e.launch(kernels(e) + "_forward", elements(e), args);
    }

    @Override
    public void backward(Emitter e) {
        String k = kernels(e);
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
                    params.append(", __global real* dx").append(i);
                    stores.append("    dx").append(i).append(e.firstGradient(i) ? "[i] = g;\n" : "[i] += g;\n");
                    args.add(e.gradInput(i));
                }
            }
            if (args.size() > 2) {
                String kb = e.kernels("add_backward", new KernelTemplate.Values(e.precision())
                        .i("RELU", Fused.relu(e.attrs()) ? 1 : 0).s("GRAD_ARGS", params.toString())
                        .s("GRAD_STORES", stores.toString().stripTrailing()));
                e.launch(kb + "_all", elements(e), args.toArray());
            }
            return;
        }
        // One launch per input, in order: an input used twice (add(a, a)) accumulates 2 dy without a race.
        for (int i = 0; i < e.node().inputs().size(); i++) {
            if (e.gradInput(i) != null) {
                e.launch(k + (e.firstGradient(i) ? "_backward_first" : "_backward"), elements(e), e.gradOutput(), y,
                        e.gradInput(i));
            }
        }
    }

    private static long elements(Emitter e) {
        return e.batch() * e.outputType().shape().elements();
    }

    private static String kernels(Emitter e) {
        int count = e.node().inputs().size();
        StringBuilder inputs = new StringBuilder();
        StringBuilder sum = new StringBuilder();
        for (int i = 0; i < count; i++) {
            inputs.append(i == 0 ? "" : ", ").append("__global const real* x").append(i);
            sum.append(i == 0 ? "" : " + ").append("x").append(i).append("[i]");
        }
        return e.kernels("add", new KernelTemplate.Values(e.precision()).i("COUNT", count)
                .s("INPUTS", inputs.toString()).s("SUM", sum.toString()).i("RELU", Fused.relu(e.attrs()) ? 1 : 0));
    }
}
