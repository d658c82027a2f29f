package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Softmax {@code exp(x − max x) / Σ exp(x − max x)} (computed stably, as the seed writes it) and
 * its logarithm, along {@code axis} counted from the first per-sample dimension (0: channels or
 * features; −1: the last). FLOPs: three per element (exponent, sum, divide).
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.SoftmaxKernels}.
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

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 3 * out.shape().elements();
    }
}
