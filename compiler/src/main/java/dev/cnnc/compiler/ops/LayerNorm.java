package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalization over all of a sample's features (PyTorch {@code LayerNorm([C, H, W])}):
 * {@code γ ⊙ (x − μ)/σ + β} with μ, σ per sample; γ and β have the sample's shape.
 * FLOPs: seven per element (sum, square and sum, subtract, divide, scale, shift).
 *
 * <p>Kernels ({@code kernels/layernorm.cl}), the same in training and inference: one work-item
 * per sample saves {@code mean} and {@code invstd = 1/√(var + ε)} (biased variance), one per
 * element normalises. Backward, with {@code g = dy·γ} and D features per sample: per sample
 * {@code Σg} and {@code Σg·x̂}, then per element {@code dx = invstd·(g − Σg/D − x̂·Σ(g·x̂)/D)};
 * per feature {@code dγ = Σ_n dy·x̂}, {@code dβ = Σ_n dy}.
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

    private static KernelTemplate.Values values(Emitter e) {
        return new KernelTemplate.Values(e.precision()).i("N", e.batch()).i("D", e.inputType(0).shape().elements())
                .r("EPS", e.attrs().f("eps")).i("HAS_AFFINE", e.attrs().b("affine") ? 1 : 0);
    }

    /** γ or β, or (without affine) a buffer the kernels never read, as an argument must be a valid buffer. */
    private static Program.BufferRef paramOrAny(Emitter e, String suffix) {
        return e.attrs().b("affine") ? e.param(suffix) : e.input(0);
    }

    @Override
    public void forward(Emitter e) {
        String k = e.kernels("layernorm", values(e));
        Program.BufferRef mean = e.saved("mean", e.batch());
        Program.BufferRef invstd = e.saved("invstd", e.batch());
        e.launch(k + "_stats", e.batch(), e.input(0), mean, invstd);
        e.launch(k + "_forward", e.batch() * e.outputType().shape().elements(), e.input(0), mean, invstd,
                paramOrAny(e, "weight"), paramOrAny(e, "bias"), e.output());
    }

    @Override
    public void backward(Emitter e) {
        String k = e.kernels("layernorm", values(e));
        Program.BufferRef mean = e.saved("mean", e.batch());
        Program.BufferRef invstd = e.saved("invstd", e.batch());
        long features = e.inputType(0).shape().elements();
        if (e.gradInput(0) != null) {
            Program.BufferRef sums = e.saved("sums", 2L * e.batch());
            e.launch(k + "_backward_sums", e.batch(), e.input(0), e.gradOutput(), mean, invstd,
                    paramOrAny(e, "weight"), sums);
            e.launch(k + "_backward_input", e.batch() * features, e.input(0), e.gradOutput(), mean, invstd,
                    paramOrAny(e, "weight"), sums, e.gradInput(0));
        }
        if (e.attrs().b("affine")) {
            e.launch(k + "_backward_params", features, e.input(0), e.gradOutput(), mean, invstd,
                    e.gradParam("weight"), e.gradParam("bias"));
        }
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return 7 * out.shape().elements();
    }
}
