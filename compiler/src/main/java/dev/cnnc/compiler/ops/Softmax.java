package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Softmax {@code exp(x − max x) / Σ exp(x − max x)} (computed stably, as the seed writes it) and
 * its logarithm, along {@code axis} counted from the first per-sample dimension (0: channels or
 * features; −1: the last). FLOPs: three per element (exponent, sum, divide).
 */
public final class Softmax extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(AttrSpec.integer("axis").defaultValue(0));
    private final boolean log;

    private Softmax(boolean log) {
        this.log = log;
    }

    public static Softmax softmax() {
        return new Softmax(false);
    }

    public static Softmax logSoftmax() {
        return new Softmax(true);
    }

    @Override
    public String name() {
        return log ? "log_softmax" : "softmax";
    }

    @Override
    public String summary() {
        return log ? "log of softmax, computed stably" : "normalized exponentials along an axis, computed stably";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        int axis = ctx.attrs().i("axis");
        int rank = ctx.input(0).shape().rank();
        if (axis < -rank || axis >= rank) {
            return ctx.attrError("axis", "axis " + axis + " is out of range for shape " + ctx.input(0).shape(),
                    "axes count from the first per-sample dimension: 0 .. " + (rank - 1) + ", or -1 for the last");
        }
        return ctx.input(0);
    }

    /**
     * Kernels: the tensor seen as {@code [N·before, len, after]} around the axis, one work-item per
     * lane {@code (after, N·before)} looping over the axis (forward max, sum, normalise; backward
     * from the output, so nothing is saved).
     */
    @Override
    public void forward(Emitter e) {
        e.launch(kernels(e) + "_forward", lanes(e), null, e.input(0), e.output());
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        e.launch(kernels(e) + "_backward", lanes(e), null, e.output(), e.gradOutput(), e.gradInput(0));
    }

    private static int axis(Emitter e) {
        int axis = e.attrs().i("axis");
        return axis < 0 ? axis + e.inputType(0).shape().rank() : axis;
    }

    /** The global size {@code {inner, outer}}: elements after the axis, and the batch times those before it. */
    private static long[] lanes(Emitter e) {
        Shape s = e.inputType(0).shape();
        int ax = axis(e);
        long outer = e.batch();
        long inner = 1;
        for (int d = 0; d < s.rank(); d++) {
            if (d < ax) {
                outer *= s.dim(d);
            } else if (d > ax) {
                inner *= s.dim(d);
            }
        }
        return new long[] {inner, outer};
    }

    private String kernels(Emitter e) {
        Shape s = e.inputType(0).shape();
        int ax = axis(e);
        long inner = 1;
        for (int d = ax + 1; d < s.rank(); d++) {
            inner *= s.dim(d);
        }
        return e.kernels("softmax", new KernelTemplate.Values(e.precision()).i("LEN", s.dim(ax)).i("INNER", inner)
                .i("LOG", log ? 1 : 0));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 3 * out.shape().elements();
    }
}
