package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels' side of the attributes that fusion passes add ({@link Fused}): the fused
 * activation as OpenCL C, the epilogue's backward, and the buffer of partial batch statistics
 * that a convolution leaves for the batchnorm after it.
 */
public final class FusedKernels {
    private FusedKernels() {
    }

    /**
     * The buffer in which the convolution producing {@code value} leaves, for the batchnorm that
     * reads it, the partial statistics of each sample n and channel c of {@code value}: at
     * {@code 3·(n·C + c)} the count, mean and sum of squared deviations from that mean.
     */
    public static Program.BufferRef statisticsBuffer(Emitter e, dev.cnnc.compiler.ir.Value value) {
        return e.scratch("batch_statistics." + value.name(), 3L * e.batch() * value.shape().channels());
    }

    /**
     * The fused activation of {@code a} as an OpenCL C expression of {@code v} (valid for reals and
     * vectors of reals), or null for none: see {@link dev.cnnc.compiler.codegen.Gemm#activate}.
     */
    public static String activationExpression(Attrs a, Precision p) {
        Component act = Fused.activation(a);
        return act == null ? null : PointwiseKernels.apply(Fused.activationOp(act), act.options(), p, "v");
    }

    /** The derivative of the fused activation of {@code a} as an expression of {@code out}, or "(real)1". */
    public static String epilogueDerivative(Attrs a, Precision p) {
        Component act = Fused.activation(a);
        return act == null ? "(real)1"
                : "(" + PointwiseKernels.outputDerivative(Fused.activationOp(act), act.options(), p) + ")";
    }

    /**
     * Emits the backward of the node's epilogue (see {@link Fused#ACTIVATION}) and returns the gradient
     * of the product's output: {@code dz = dy · act'(y)} in a scratch buffer with an activation,
     * else dy itself; the residual's gradient (input 1) gets {@code += dz}.
     */
    public static Program.BufferRef epilogueBackward(Emitter e) {
        boolean act = Fused.activation(e.attrs()) != null;
        Program.BufferRef dr = Fused.residual(e.attrs()) ? e.gradInput(1) : null;
        if (!act && dr == null) {
            return e.gradOutput();
        }
        long elements = e.batch() * e.outputType().shape().elements();
        Program.BufferRef dz = act ? e.scratch("epilogue_grad", elements) : e.gradOutput();
        // Without an activation y is not read: dy stands in (the memory planner keeps what is passed alive).
        Program.BufferRef y = act ? e.output() : e.gradOutput();
        Program.BufferRef r = dr != null ? dr : dz;
        String k = e.kernels("epilogue", new KernelTemplate.Values(e.precision())
                .s("DERIVATIVE", epilogueDerivative(e.attrs(), e.precision())).i("WRITE", act ? 1 : 0)
                .i("RESIDUAL", dr == null ? 0 : e.firstGradient(1) ? 2 : 1)
                .s("YT", e.storage(y)).s("DYT", e.storage(e.gradOutput())).s("DZT", e.storage(dz))
                .s("DRT", e.storage(r)));
        e.launch(k + "_backward", elements, y, e.gradOutput(), dz, r);
        return dz;
    }
}
