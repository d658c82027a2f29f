package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.FractionalMaxPool;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels of {@link FractionalMaxPool} ({@code pool_fractional.cl}): a first kernel draws, per
 * sample and channel, the window starts by PyTorch's interval rule from two uniforms that are a
 * counter-based hash of the run-time variable {@code seed}, the node's salt
 * ({@link FractionalMaxPool#salt}) and the plane {@code n·C + c}; they go to the saved integer
 * buffer {@code starts} ({@code [N·C, h_out + w_out]}: row starts, then column starts). PyTorch
 * samples in inference too, and so does this. Then one work-item per output element; backward one
 * per input element, over the windows that contain it, sending the gradient to the first maximum
 * of each window (index kept from forward).
 */
public final class FractionalMaxPoolKernels implements OpKernels {
    private static KernelTemplate.Values values(Emitter e) {
        int[] k = e.attrs().pair("kernel");
        int h = e.inputType(0).shape().height();
        int w = e.inputType(0).shape().width();
        int oh = e.outputType().shape().height();
        int ow = e.outputType().shape().width();
        // The kernel floors ((i·2^32 + bits)·(in − K)) / ((out − 1)·2^32) in 64 bits.
        if ((long) oh * h >= 1L << 32 || (long) ow * w >= 1L << 32) {
            throw new CodegenException("fractional_maxpool " + e.node().name() + ": input " + h + "x" + w
                    + " and output " + oh + "x" + ow + " are too large for its window sampler");
        }
        return new KernelTemplate.Values(e.precision()).i("H", h).i("W", w).i("OH", oh).i("OW", ow)
                .i("KH", k[0]).i("KW", k[1])
                .s("SALT", String.format("0x%08xu", FractionalMaxPool.salt(e.node().name())));
    }

    private static long planes(Emitter e) {
        return e.batch() * (long) e.outputType().shape().channels();
    }

    /** The window starts of every plane: {@code h_out} row starts, then {@code w_out} column starts. */
    private static Program.BufferRef starts(Emitter e) {
        Shape o = e.outputType().shape();
        return e.savedInts("starts", planes(e) * (o.height() + o.width()));
    }

    @Override
    public void forward(Emitter e) {
        String k = e.kernels("pool_fractional", values(e));
        long outputs = e.batch() * e.outputType().shape().elements();
        Program.BufferRef starts = starts(e);
        e.launch(k + "_regions", planes(e), e.variable("seed"), starts);
        if (e.training()) {
            e.launch(k + "_forward_argmax", outputs, e.input(0), starts, e.output(), e.savedInts("argmax", outputs));
        } else {
            e.launch(k + "_forward", outputs, e.input(0), starts, e.output());
        }
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        String k = e.kernels("pool_fractional", values(e));
        long outputs = e.batch() * e.outputType().shape().elements();
        long inputs = e.batch() * e.inputType(0).shape().elements();
        e.launch(k + "_backward", inputs, e.gradOutput(), starts(e), e.savedInts("argmax", outputs), e.gradInput(0));
    }
}
