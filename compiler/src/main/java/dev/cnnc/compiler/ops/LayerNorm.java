package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalization over all of a sample's features (PyTorch {@code LayerNorm([C, H, W])}):
 * {@code γ ⊙ (x − μ)/σ + β} with μ, σ per sample; γ and β have the sample's shape.
 * FLOPs: seven per element (sum, square and sum, subtract, divide, scale, shift).
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.LayerNormKernels}.
 */
public final class LayerNorm extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.number("eps").defaultValue(1e-5).above(0),
            AttrSpec.bool("affine").defaultValue(true).doc("learn element-wise γ and β"));

    @Override
    public String name() {
        return "layernorm";
    }

    @Override
    public String summary() {
        return "layer normalization over each sample's features (PyTorch LayerNorm)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        return ctx.input(0);
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        List<ParamSpec> ps = new ArrayList<>();
        if (a.b("affine")) {
            ps.add(ParamSpec.fixedInit("weight", in.get(0), Inits.ONES));
            ps.add(ParamSpec.fixedInit("bias", in.get(0), Inits.ZEROS));
        }
        return ps;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 7 * out.shape().elements();
    }
}
