package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.DType;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalization over the batch and spatial axes, per channel (PyTorch
 * {@code BatchNorm2d} on [C, H, W], {@code BatchNorm1d} on [F]). Parameters {@code weight}
 * (γ) and {@code bias} (β); buffers {@code running_mean}, {@code running_var},
 * {@code num_batches_tracked}. FLOPs: two per element (scale and shift, statistics folded).
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.BatchNormKernels}, which also folds a
 * batchnorm into the layer before it ({@link Fused#FOLDED_BN}).
 */
public final class BatchNorm extends OpDef {

    /** Values per channel that one batch gives a batchnorm over {@code input}: N·H·W (N for [C]). */
    public static long valuesPerChannel(TensorType input, int batch) {
        Shape s = input.shape();
        return (long) batch * (s.elements() / s.dim(0));
    }

    /**
     * Why {@code g} cannot train at {@code batch}: the first batchnorm that would see one value
     * per channel (the variance of one value is 0 and its unbiased estimate undefined; PyTorch
     * refuses too), as a located message; null when every batchnorm sees at least two. Inference
     * (running statistics) works at any batch.
     */
    public static String untrainableAt(dev.cnnc.compiler.ir.Graph g, int batch) {
        for (dev.cnnc.compiler.ir.Node n : g.nodes()) {
            if (n.op() instanceof BatchNorm && valuesPerChannel(n.inputs().get(0).type(), batch) < 2) {
                return (n.span() == null ? "" : n.span() + ": ") + "`batchnorm` " + n.name() + " cannot train at "
                        + "batch " + batch + ": it normalises each channel of " + n.inputs().get(0).type().shape()
                        + " over the batch, and batch " + batch + " gives it one value per channel (PyTorch refuses "
                        + "too); train with a batch of at least 2 (inference works at any batch)";
            }
        }
        return null;
    }
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.number("eps").defaultValue(1e-5).above(0),
            AttrSpec.number("momentum").defaultValue(0.1).min(0).max(1).doc("running-average factor (PyTorch)"),
            AttrSpec.bool("affine").defaultValue(true).doc("learn γ and β"));

    @Override
    public String name() {
        return "batchnorm";
    }

    @Override
    public String summary() {
        return "batch normalization per channel, with running statistics (PyTorch BatchNorm2d/1d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        int rank = ctx.input(0).shape().rank();
        if (rank != 3 && rank != 1) {
            return ctx.inputError(0, "`batchnorm` expects [C, H, W] or [F], got " + ctx.input(0).shape(), null);
        }
        return ctx.input(0);
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        int c = in.get(0).shape().dim(0);
        List<ParamSpec> ps = new ArrayList<>();
        if (a.b("affine")) {
            ps.add(ParamSpec.fixedInit("weight", TensorType.f32(c), Inits.ONES));
            ps.add(ParamSpec.fixedInit("bias", TensorType.f32(c), Inits.ZEROS));
        }
        ps.add(ParamSpec.buffer("running_mean", TensorType.f32(c), Inits.ZEROS));
        ps.add(ParamSpec.buffer("running_var", TensorType.f32(c), Inits.ONES));
        ps.add(ParamSpec.buffer("num_batches_tracked", new TensorType(DType.I64, Shape.of()), Inits.ZEROS));
        return ps;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 2 * out.shape().elements();
    }
}
