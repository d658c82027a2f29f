package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.Gemm;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ops.Dense;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels of {@link Dense} ({@code kernels/dense.cl}), or on CPUs ({@link Emitter#matrixKernels})
 * its products as GEMMs ({@link Gemm}).
 */
public final class DenseKernels implements OpKernels {
    private static boolean hasBias(Attrs a) {
        return a.b("bias") || Fused.foldedBatchNorm(a) != null;
    }

    private static KernelTemplate.Values values(Emitter e) {
        Attrs a = e.attrs();
        boolean residual = Fused.residual(a);
        // the batch is an argument of the kernels that loop over it (the others take it as their range)
        return new KernelTemplate.Values(e.precision()).i("IN", e.inputType(0).shape().dim(0))
                .i("OUT", a.i("units")).i("HAS_BIAS", hasBias(a) ? 1 : 0)
                .s("EPILOGUE", Gemm.activate(FusedKernels.activationExpression(a, e.precision()),
                        residual ? "acc + r[n * " + a.i("units") + " + u]" : "acc"))
                .s("EPILOGUE_ARGS", residual ? ", __global const real* r" : "")
                // the gradient the bias kernel reads: the epilogue's (reals) after an activation, else dy
                .s("DYT", Fused.activation(a) != null ? "real" : e.outputGradStorage());
    }

    /**
     * y = act(x · wᵀ + b + r) as a GEMM on a transposed copy of w (so B's rows are contiguous), the
     * epilogue ({@link Fused#ACTIVATION}, {@link Fused#RESIDUAL}: input 1) applied at the store;
     * with a batchnorm folded in ({@link Fused#FOLDED_BN}, inference only), w and b are folded first.
     */
    @Override
    public void forward(Emitter e) {
        String k = e.kernels("dense", values(e));
        int in = e.inputType(0).shape().dim(0);
        int units = e.attrs().i("units");
        Program.BufferRef w = e.param("weight");
        Program.BufferRef b = e.attrs().b("bias") ? e.param("bias") : null;
        dev.cnnc.compiler.ir.Component bn = Fused.foldedBatchNorm(e.attrs());
        if (bn != null) {
            if (e.training()) {
                throw new CodegenException("dense " + e.node().name() + " has batchnorm " + bn.name() + " folded"
                        + " in, which is for inference only (FoldBatchNorm), but is lowered for training");
            }
            Program.BufferRef[] folded = BatchNormKernels.fold(e, bn, w, b, units, in);
            w = folded[0];
            b = folded[1];
        }
        boolean residual = Fused.residual(e.attrs());
        if (!e.matrixKernels()) {
            // Without a bias the kernel never reads b; pass the weight so the argument is a valid buffer.
            List<Object> args = new ArrayList<>(List.of(e.input(0), w, b != null ? b : w, e.output()));
            if (residual) {
                args.add(e.input(1));
            }
            e.launch(k + "_forward", new long[] {units, e.batch()}, null, args.toArray());
            return;
        }
        Program.BufferRef wt = e.saved("wt", (long) in * units);
        e.launch(k + "_transpose", new long[] {units, in}, null, w, wt);
        Gemm.emit(e, Gemm.Spec.of(e.batch(), units, in).batchAlong(Gemm.BatchDim.M)
                        .withBias(b != null ? Gemm.Bias.COLUMN : Gemm.Bias.NONE)
                        .withEpilogue(FusedKernels.activationExpression(e.attrs(), e.precision()), residual),
                e.input(0), 0, wt, 0, e.output(), 0, b, residual ? e.input(1) : null, 0);
    }

    /** With GEMMs (a CPU's kernels) dense layers read and write fp16 activations themselves. */
    @Override
    public boolean halfStorage(Emitter e) {
        return e.matrixKernels();
    }

    /**
     * dz = the epilogue's backward of dy ({@link FusedKernels#epilogueBackward}); dx += dz · w (= when
     * this layer writes dx first), dw += dzᵀ · x (GEMMs), db += Σ dz.
     */
    @Override
    public void backward(Emitter e) {
        if (Fused.foldedBatchNorm(e.attrs()) != null) {
            throw new CodegenException("dense " + e.node().name() + " has a batchnorm folded in: no backward");
        }
        String k = e.kernels("dense", values(e));
        int in = e.inputType(0).shape().dim(0);
        int units = e.attrs().i("units");
        Program.BufferRef dy = FusedKernels.epilogueBackward(e);
        if (!e.matrixKernels()) {
            if (e.gradInput(0) != null) {
                e.launch(k + "_backward_input", new long[] {in, e.batch()}, null, dy, e.param("weight"),
                        e.gradInput(0));
            }
            e.launch(k + "_backward_weight", new long[] {in, units}, null, dy, e.input(0),
                    e.gradParam("weight"), e.batch());
        } else if (e.gradInput(0) != null) {
            // dx = dz · w overwrites dx when this layer writes it first (no zeroing), else adds to it
            Gemm.Spec dx = Gemm.Spec.of(e.batch(), in, units).batchAlong(Gemm.BatchDim.M);
            Gemm.emit(e, e.firstGradient(0) ? dx : dx.accumulating(), dy, e.param("weight"), e.gradInput(0), null);
        }
        if (e.matrixKernels()) {
            Gemm.emit(e, Gemm.Spec.of(units, in, e.batch()).a(1, units).batchAlong(Gemm.BatchDim.K).accumulating(), dy,
                    e.input(0),
                    e.gradParam("weight"), null);
        }
        if (e.attrs().b("bias")) {
            e.launch(k + "_backward_bias", units, dy, e.gradParam("bias"), e.batch());
        }
    }
}
