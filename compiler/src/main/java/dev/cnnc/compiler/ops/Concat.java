package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Joins values along {@code axis} (0: channels, as DenseNet's {@code [x_0, x_1, ..., x_{l−1}]});
 * all other dimensions must agree. A copy with no arithmetic: no FLOPs.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.ConcatKernels}.
 */
public final class Concat extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.integer("axis").defaultValue(0).doc("per-sample axis; 0 is channels"));

    @Override
    public String name() {
        return "concat";
    }

    @Override
    public String summary() {
        return "concatenation along an axis, channels by default (DenseNet)";
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
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        Shape first = ctx.input(0).shape();
        int rank = first.rank();
        int axis = ctx.attrs().i("axis");
        if (axis < -rank || axis >= rank) {
            return ctx.attrError("axis", "axis " + axis + " is out of range for shape " + first, null);
        }
        int ax = axis < 0 ? axis + rank : axis;
        int[] dims = first.dims();
        long along = first.dim(ax);
        for (int i = 1; i < ctx.inputs().size(); i++) {
            Shape s = ctx.input(i).shape();
            boolean ok = s.rank() == rank;
            for (int d = 0; ok && d < rank; d++) {
                ok = d == ax || s.dim(d) == first.dim(d);
            }
            if (!ok) {
                String hint = rank == 3 && s.rank() == 3 && ax == 0
                        ? "spatial sizes " + first.height() + "x" + first.width() + " and " + s.height() + "x"
                        + s.width() + " must match to concatenate channels"
                        : null;
                return ctx.inputError(i, "`concat`: shape " + s + " does not match " + first
                        + " outside axis " + axis, hint);
            }
            along += s.dim(ax);
        }
        dims[ax] = ctx.dim("axis", "the concatenated size along axis " + axis, along);
        if (dims[ax] < 0) {
            return null;
        }
        return ctx.input(0).withShape(Shape.of(dims));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 0;
    }
}
