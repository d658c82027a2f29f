package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.compiler.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Element-wise sum of two or more values of the same shape (residual connections,
 * {@code y = F(x) + x}). Shapes must match exactly; a mismatch is reported with the change
 * that would fix it. FLOPs: one per element per extra input.
 */
public final class Add extends OpDef {
    @Override
    public String name() {
        return "add";
    }

    @Override
    public String summary() {
        return "element-wise sum of values of equal shape (residual connections)";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<AttrSpec> attrs() {
        return List.of();
    }

    @Override
    public TensorType infer(InferContext ctx) {
        TensorType first = ctx.input(0);
        for (int i = 1; i < ctx.inputs().size(); i++) {
            Shape a = first.shape();
            Shape b = ctx.input(i).shape();
            if (!a.equals(b)) {
                return mismatch(ctx, i, a, b);
            }
        }
        return first;
    }

    /** Reports unequal shapes with the change that would make a residual connection fit. */
    private static TensorType mismatch(InferContext ctx, int i, Shape a, Shape b) {
        String shapes = " (shapes " + a + " and " + b + ")";
        if (a.rank() != 3 || b.rank() != 3) {
            return ctx.inputError(i, "`add`: shapes " + a + " and " + b + " differ", Mul.broadcast(a, b) != null
                    ? "`add` needs equal shapes; `mul` broadcasts, `add` does not" : null);
        }
        boolean sameSpace = a.height() == b.height() && a.width() == b.width();
        if (sameSpace) {
            return ctx.inputError(i, "`add`: channels " + a.channels() + " and " + b.channels() + " differ" + shapes,
                    "add a 1x1 conv on the shortcut to match them, e.g. conv(" + Math.max(a.channels(), b.channels())
                            + ", 1)");
        }
        String message = "`add`: spatial sizes " + a.height() + "x" + a.width() + " and " + b.height() + "x"
                + b.width() + (a.channels() != b.channels() ? " and channels " + a.channels() + " and "
                + b.channels() : "") + " differ" + shapes;
        // The larger map (per axis) must shrink by a whole factor for a strided 1x1 conv to match it.
        boolean aLarger = a.height() >= b.height() && a.width() >= b.width();
        boolean bLarger = b.height() >= a.height() && b.width() >= a.width();
        Shape big = aLarger ? a : b;
        Shape small = aLarger ? b : a;
        if ((aLarger || bLarger) && small.height() > 0 && small.width() > 0
                && big.height() % small.height() == 0 && big.width() % small.width() == 0) {
            int sh = big.height() / small.height();
            int sw = big.width() / small.width();
            String stride = sh == sw ? Integer.toString(sh) : "(" + sh + ", " + sw + ")";
            return ctx.inputError(i, message, "downsample the larger one with a strided 1x1 conv, e.g. conv("
                    + small.channels() + ", 1, stride: " + stride + ") on the " + big + " path");
        }
        return ctx.inputError(i, message, "the sizes are not a whole factor apart; check the padding of the layers"
                + " on each path (pad: same keeps the size at stride 1)");
    }

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

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements() * (in.size() - 1);
    }
}
