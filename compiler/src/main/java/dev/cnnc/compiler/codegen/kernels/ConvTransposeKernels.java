package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.ConvTranspose;

/**
 * The kernels of {@link ConvTranspose} ({@code kernels/conv_transpose.cl}), which gather rather
 * than scatter: forward one work-item per output element (over the inputs and taps that reach it,
 * checking stride divisibility), input gradient per input element, weight gradient per weight
 * element, bias gradient per filter; so no two work-items write one address.
 */
public final class ConvTransposeKernels implements OpKernels {
    /** The template's constants; output_padding only shows in the output size. */
    private static KernelTemplate.Values values(Emitter e) {
        Attrs a = e.attrs();
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        int[] k = a.pair("kernel");
        int[] s = a.pair("stride");
        int[] p = a.pair("pad");
        int[] d = a.pair("dilation");
        int g = a.i("groups");
        return new KernelTemplate.Values(e.precision()).i("N", e.batch()).i("C", in.channels()).i("H", in.height())
                .i("W", in.width()).i("F", out.channels()).i("OH", out.height()).i("OW", out.width())
                .i("KH", k[0]).i("KW", k[1]).i("SH", s[0]).i("SW", s[1]).i("PH", p[0]).i("PW", p[1])
                .i("DH", d[0]).i("DW", d[1]).i("G", g).i("CG", in.channels() / g).i("FG", out.channels() / g)
                .i("HAS_BIAS", a.b("bias") ? 1 : 0);
    }

    @Override
    public void forward(Emitter e) {
        String k = e.kernels("conv_transpose", values(e));
        // Without a bias the kernel never reads b; pass the weight so the argument is a valid buffer.
        e.launch(k + "_forward", e.batch() * e.outputType().shape().elements(), e.input(0), e.param("weight"),
                e.attrs().b("bias") ? e.param("bias") : e.param("weight"), e.output());
    }

    @Override
    public void backward(Emitter e) {
        String k = e.kernels("conv_transpose", values(e));
        if (e.gradInput(0) != null) {
            e.launch(k + "_backward_input", e.batch() * e.inputType(0).shape().elements(), e.gradOutput(),
                    e.param("weight"), e.gradInput(0));
        }
        int[] kernel = e.attrs().pair("kernel");
        long weights = (long) e.inputType(0).shape().channels() * (e.attrs().i("filters") / e.attrs().i("groups"))
                * kernel[0] * kernel[1];
        e.launch(k + "_backward_weight", weights, e.gradOutput(), e.input(0), e.gradParam("weight"));
        if (e.attrs().b("bias")) {
            e.launch(k + "_backward_bias", e.attrs().i("filters"), e.gradOutput(), e.gradParam("bias"));
        }
    }
}
