package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Joins values along {@code axis} (0: channels, as DenseNet's {@code [x_0, x_1, ..., x_{l−1}]});
 * all other dimensions must agree. A copy with no arithmetic: no FLOPs.
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

    /**
     * Kernels: one copy per input into its slice of the output (forward) and from its slice of the
     * output's gradient (backward), one work-item per element of that input, over a 2-D range
     * (element of the slice, outer index). The sizes are kernel arguments, so every concatenation of
     * a model (and of every model) launches the same two kernels.
     */
    @Override
    public void forward(Emitter e) {
        String k = kernels(e);
        for (int i = 0; i < e.node().inputs().size(); i++) {
            long[] s = slice(e, i);
            e.launch(k + "_forward", new long[] {s[0], s[3]}, null, e.input(i), e.output(), s[0], s[1], s[2]);
        }
    }

    @Override
    public void backward(Emitter e) {
        String k = kernels(e);
        for (int i = 0; i < e.node().inputs().size(); i++) {
            if (e.gradInput(i) != null) {
                long[] s = slice(e, i);
                e.launch(k + "_backward", new long[] {s[0], s[3]}, null, e.gradOutput(), e.gradInput(i), s[0], s[1],
                        s[2]);
            }
        }
    }

    private static int axis(Emitter e) {
        int axis = e.attrs().i("axis");
        return axis < 0 ? axis + e.outputType().shape().rank() : axis;
    }

    /**
     * Input {@code input}'s run in the output, in elements: {slice (its length along the axis ×
     * INNER), the output's row (total length × INNER), its offset in the row, the outer count
     * (batch × the dimensions before the axis)}.
     */
    private static long[] slice(Emitter e, int input) {
        Shape out = e.outputType().shape();
        int ax = axis(e);
        long inner = 1;
        for (int d = ax + 1; d < out.rank(); d++) {
            inner *= out.dim(d);
        }
        long outer = e.batch();
        for (int d = 0; d < ax; d++) {
            outer *= out.dim(d);
        }
        long offset = 0;
        for (int i = 0; i < input; i++) {
            offset += e.inputType(i).shape().dim(ax);
        }
        return new long[] {e.inputType(input).shape().dim(ax) * inner, out.dim(ax) * inner, offset * inner, outer};
    }

    /** The copy kernels: one text for every concatenation. */
    private static String kernels(Emitter e) {
        return e.kernels("concat", new KernelTemplate.Values(e.precision()));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 0;
    }
}
