package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ops.LayerNorm;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels of {@link LayerNorm} ({@code kernels/layernorm.cl}), the same in training and
 * inference: one work-item per sample saves {@code mean} and {@code invstd = 1/√(var + ε)}
 * (biased variance), one per element normalises. Backward, with {@code g = dy·γ} and D features
 * per sample: per sample {@code Σg} and {@code Σg·x̂}, then per element
 * {@code dx = invstd·(g − Σg/D − x̂·Σ(g·x̂)/D)}; per feature {@code dγ = Σ_n dy·x̂},
 * {@code dβ = Σ_n dy}. In mixed precision the kernels load and store x, y, dy and dx in each
 * one's storage (fp16 or fp32, {@link Emitter#storage}) and compute in fp32.
 */
public final class LayerNormKernels implements OpKernels {
    private static KernelTemplate.Values values(Emitter e) {
        return new KernelTemplate.Values(e.precision()).i("N", e.batch()).i("D", e.inputType(0).shape().elements())
                .r("EPS", e.attrs().f("eps")).i("HAS_AFFINE", e.attrs().b("affine") ? 1 : 0)
                .s("XT", e.inputStorage(0)).s("YT", e.outputStorage())
                .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(0));
    }

    /** The kernels read and write fp16 activations and gradients themselves ({@link #values}). */
    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }

    /**
     * γ or β, or (without affine) {@code any}, a buffer of reals the kernels never read, as an
     * argument must be a valid buffer.
     */
    private static Program.BufferRef paramOrAny(Emitter e, String suffix, Program.BufferRef any) {
        return e.attrs().b("affine") ? e.param(suffix) : any;
    }

    @Override
    public void forward(Emitter e) {
        String k = e.kernels("layernorm", values(e));
        Program.BufferRef mean = e.saved("mean", e.batch());
        Program.BufferRef invstd = e.saved("invstd", e.batch());
        e.launch(k + "_stats", e.batch(), e.input(0), mean, invstd);
        e.launch(k + "_forward", e.batch() * e.outputType().shape().elements(), e.input(0), mean, invstd,
                paramOrAny(e, "weight", mean), paramOrAny(e, "bias", mean), e.output());
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
                    paramOrAny(e, "weight", mean), sums);
            e.launch(k + "_backward_input", e.batch() * features, e.input(0), e.gradOutput(), mean, invstd,
                    paramOrAny(e, "weight", mean), sums, e.gradInput(0));
        }
        if (e.attrs().b("affine")) {
            e.launch(k + "_backward_params", features, e.input(0), e.gradOutput(), mean, invstd,
                    e.gradParam("weight"), e.gradParam("bias"));
        }
    }
}
