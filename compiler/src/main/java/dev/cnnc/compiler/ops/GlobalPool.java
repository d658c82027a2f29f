package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Global average (the seed's {@code Y_c = (1/HW) ΣΣ X(i,j,c)}) or max pooling to
 * {@code [C, 1, 1]}, as PyTorch's {@code AdaptiveAvgPool2d(1)}. FLOPs: one per input element.
 * Kernels: those of adaptive pooling to 1×1, {@code codegen.kernels.AdaptivePoolKernels}.
 */
public final class GlobalPool extends OpDef {
    private final boolean max;

    private GlobalPool(boolean max) {
        this.max = max;
    }

    public static GlobalPool avg() {
        return new GlobalPool(false);
    }

    public static GlobalPool max() {
        return new GlobalPool(true);
    }

    @Override
    public String name() {
        return max ? "global_maxpool" : "global_avgpool";
    }

    @Override
    public String summary() {
        return (max ? "maximum" : "average") + " over each channel's whole map, to [C, 1, 1]";
    }

    @Override
    public List<AttrSpec> attrs() {
        return List.of();
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "pooling works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        TensorType in = ctx.input(0);
        return in.withShape(Shape.of(in.shape().channels(), 1, 1));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return in.get(0).shape().elements();
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return Window.GLOBAL;
    }
}
