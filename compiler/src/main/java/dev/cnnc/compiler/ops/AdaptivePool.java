package dev.cnnc.compiler.ops;

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
 * <p>Kernels and backward rule: {@code codegen.kernels.AdaptivePoolKernels}
 * (shared with {@link GlobalPool}).
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
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        Shape s = in.get(0).shape();
        int[] o = a.pair("output_size");
        int kh = (s.height() + o[0] - 1) / o[0];
        int kw = (s.width() + o[1] - 1) / o[1];
        return Window.sliding(kh, kw, Math.max(1, s.height() / o[0]), Math.max(1, s.width() / o[1]));
    }
}
