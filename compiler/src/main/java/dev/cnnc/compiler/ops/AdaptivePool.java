package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Adaptive average or max pooling to a fixed {@code output_size} (PyTorch
 * {@code AdaptiveAvgPool2d}): output cell i covers input rows {@code ⌊i·H/h⌋ .. ⌈(i+1)·H/h⌉}.
 * (The option takes PyTorch's name; {@code output} is a keyword of the language.)
 * For receptive fields it counts as the seed's kernel {@code ⌈H/h⌉}, stride {@code ⌊H/h⌋}.
 * FLOPs: one per element of each cell's region.
 *
 * <p>Kernels ({@code pool_adaptive_avg.cl}, {@code pool_adaptive_max.cl}, shared with
 * {@link GlobalPool}): one work-item per output element forward; backward one work-item per
 * input element, over the cells {@code ⌊h·h_out/H⌋ .. ⌈(h+1)·h_out/H⌉} whose regions contain it.
 * Max pooling sends the gradient to the first maximum of each region in row-major order, whose
 * index it keeps from forward in training.
 */
public final class AdaptivePool extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.pair("output_size").required().min(1).doc("output size, h or (h, w)"));
    private final boolean max;

    private AdaptivePool(boolean max) {
        this.max = max;
    }

    public static AdaptivePool avg() {
        return new AdaptivePool(false);
    }

    public static AdaptivePool max() {
        return new AdaptivePool(true);
    }

    @Override
    public String name() {
        return max ? "adaptive_maxpool" : "adaptive_avgpool";
    }

    @Override
    public String summary() {
        return "adaptive " + (max ? "max" : "average") + " pooling to a fixed output size (PyTorch Adaptive"
                + (max ? "Max" : "Avg") + "Pool2d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "pooling works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        int[] o = ctx.attrs().pair("output_size");
        TensorType in = ctx.input(0);
        return in.withShape(Shape.of(in.shape().channels(), o[0], o[1]));
    }

    /** Sum over output cells of the region length along one axis. */
    private static long regionSum(int in, int out) {
        long sum = 0;
        for (int i = 0; i < out; i++) {
            long start = Math.floorDiv((long) i * in, out);
            long end = -Math.floorDiv(-(long) (i + 1) * in, out);
            sum += end - start;
        }
        return sum;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        Shape s = in.get(0).shape();
        int[] o = a.pair("output_size");
        return Math.multiplyExact(Math.multiplyExact((long) s.channels(), (long) regionSum(s.height(), o[0])),
                (long) regionSum(s.width(), o[1]));
    }

    @Override
    public void forward(Emitter e) {
        emitForward(e, max);
    }

    @Override
    public void backward(Emitter e) {
        emitBackward(e, max);
    }

    /** The kernels for pooling the node's input to its output size (any size, 1×1 for global pooling). */
    private static String kernels(Emitter e, boolean max) {
        return e.kernels(max ? "pool_adaptive_max" : "pool_adaptive_avg", new KernelTemplate.Values(e.precision())
                .i("H", e.inputType(0).shape().height()).i("W", e.inputType(0).shape().width())
                .i("OH", e.outputType().shape().height()).i("OW", e.outputType().shape().width()));
    }

    static void emitForward(Emitter e, boolean max) {
        String k = kernels(e, max);
        long outputs = e.batch() * e.outputType().shape().elements();
        if (max && e.training()) {
            e.launch(k + "_forward_argmax", outputs, e.input(0), e.output(), e.savedInts("argmax", outputs));
        } else {
            e.launch(k + "_forward", outputs, e.input(0), e.output());
        }
    }

    static void emitBackward(Emitter e, boolean max) {
        if (e.gradInput(0) == null) {
            return;
        }
        String k = kernels(e, max);
        long inputs = e.batch() * e.inputType(0).shape().elements();
        if (max) {
            long outputs = e.batch() * e.outputType().shape().elements();
            e.launch(k + "_backward", inputs, e.gradOutput(), e.savedInts("argmax", outputs), e.gradInput(0));
        } else {
            e.launch(k + "_backward", inputs, e.gradOutput(), e.gradInput(0));
        }
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        Shape s = in.get(0).shape();
        int[] o = a.pair("output_size");
        int kh = (s.height() + o[0] - 1) / o[0];
        int kw = (s.width() + o[1] - 1) / o[1];
        return Window.sliding(kh, kw, Math.max(1, s.height() / o[0]), Math.max(1, s.width() / o[1]));
    }
}
