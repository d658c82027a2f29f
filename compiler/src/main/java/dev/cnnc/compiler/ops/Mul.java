package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Element-wise product with broadcasting (PyTorch rules; the inputs have equal ranks, so the
 * batch dimension lines up), over the per-sample shape
 * aligned on the right): {@code [C, H, W] × [C, 1, 1]} scales channels (SE), {@code [C, H, W] ×
 * [1, H, W]} scales positions (spatial attention). FLOPs: one per output element per extra input.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.MulKernels}.
 */
public final class Mul extends OpDef {
    @Override
    public String name() {
        return "mul";
    }

    @Override
    public String summary() {
        return "element-wise product with broadcasting (SE and spatial attention)";
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

    /** The broadcast shape of a and b, or null when they do not broadcast. */
    public static Shape broadcast(Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
            int db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = Math.max(da, db);
        }
        return Shape.of(out);
    }

    @Override
    public TensorType infer(InferContext ctx) {
        Shape shape = ctx.input(0).shape();
        for (int i = 1; i < ctx.inputs().size(); i++) {
            if (ctx.input(i).shape().rank() != shape.rank()) {
                // With the batch dimension in front, PyTorch aligns [N, F] against [N, C, H, W] wrongly;
                // cnnc asks for equal ranks so the rule is exactly PyTorch's.
                return ctx.inputError(i, "`mul`: shapes " + shape + " and " + ctx.input(i).shape()
                        + " have different ranks", "give both the same rank, e.g. [C, 1, 1] to scale channels "
                        + "(global_avgpool keeps that shape; flatten drops it)");
            }
            Shape next = broadcast(shape, ctx.input(i).shape());
            if (next == null) {
                return ctx.inputError(i, "`mul`: shapes " + shape + " and " + ctx.input(i).shape()
                        + " do not broadcast", "each dimension must be equal or 1, aligned from the right; "
                        + "for channel attention use [C, 1, 1] (global_avgpool keeps it)");
            }
            shape = next;
        }
        return ctx.input(0).withShape(shape);
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements() * (in.size() - 1);
    }
}
