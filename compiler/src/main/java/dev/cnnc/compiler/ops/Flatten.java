package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/** {@code [C, H, W] → [C·H·W]} in C order (PyTorch {@code flatten(1)}); a view, no copy, no FLOPs. */
public final class Flatten extends OpDef {
    @Override
    public String name() {
        return "flatten";
    }

    @Override
    public String summary() {
        return "reshape each sample to a vector [C*H*W], C order (a view)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return List.of();
    }

    @Override
    public TensorType infer(InferContext ctx) {
        TensorType in = ctx.input(0);
        long n = in.shape().elements();
        if (n > Integer.MAX_VALUE) {
            return ctx.error("flatten: " + in.shape() + " has more than 2^31 elements per sample", null);
        }
        return in.withShape(Shape.of((int) n));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 0;
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return in.get(0).shape().rank() == 3 ? Window.GLOBAL : Window.POINTWISE;
    }

    @Override
    public boolean isView() {
        return true;
    }
}
