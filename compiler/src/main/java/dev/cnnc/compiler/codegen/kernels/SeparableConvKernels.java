package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Conv;
import dev.cnnc.compiler.ops.SeparableConv;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels of {@link SeparableConv}: two passes of {@code conv2d.cl} ({@link ConvKernels.Geom}),
 * a depthwise conv (groups = C, no bias) into a saved intermediate {@code [C·m, H_out, W_out]},
 * then a 1×1 conv of it. Backward runs the chain rule through both, the intermediate's gradient in
 * a second saved buffer that the pointwise input gradient overwrites (so it needs no zeroing).
 */
public final class SeparableConvKernels implements OpKernels {
    @Override
    public void forward(Emitter e) {
        ConvKernels.Geom dg = depthwise(e);
        ConvKernels.Geom pg = pointwise(e);
        Program.BufferRef mid = e.saved("depthwise", intermediate(e));
        dg.forward(e, true, e.input(0), e.param("depthwise.weight"), null, mid);
        pg.forward(e, false, mid, e.param("pointwise.weight"), pg.bias() ? e.param("pointwise.bias") : null,
                e.output());
    }

    @Override
    public void backward(Emitter e) {
        ConvKernels.Geom dg = depthwise(e);
        ConvKernels.Geom pg = pointwise(e);
        Program.BufferRef mid = e.saved("depthwise", intermediate(e));
        Program.BufferRef gradMid = e.saved("grad_depthwise", intermediate(e));
        pg.backward(e, false, mid, e.param("pointwise.weight"), e.gradOutput(), gradMid,
                e.gradParam("pointwise.weight"), pg.bias() ? e.gradParam("pointwise.bias") : null);
        dg.backward(e, true, e.input(0), e.param("depthwise.weight"), gradMid, e.gradInput(0),
                e.gradParam("depthwise.weight"), null);
    }

    /** Elements of the intermediate (the depthwise output) for the whole batch. */
    private static long intermediate(Emitter e) {
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        return (long) e.batch() * in.channels() * e.attrs().i("depth_multiplier") * out.height() * out.width();
    }

    /**
     * The depthwise pass: groups = C, {@code m} filters per channel, no bias, with this node's
     * stride, dilation and padding ({@link Conv#resolvedPadding}, as {@link SeparableConv#infer} resolves it).
     */
    private static ConvKernels.Geom depthwise(Emitter e) {
        Attrs a = e.attrs();
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        int c = in.channels();
        return new ConvKernels.Geom(c, in.height(), in.width(), c * a.i("depth_multiplier"), out.height(), out.width(),
                a.pair("kernel"), a.pair("stride"), Conv.resolvedPadding(a, in), a.pair("dilation"), c, false);
    }

    /** The pointwise pass: a 1×1 conv of the intermediate to the F filters, with this node's bias. */
    private static ConvKernels.Geom pointwise(Emitter e) {
        Shape out = e.outputType().shape();
        int mid = e.inputType(0).shape().channels() * e.attrs().i("depth_multiplier");
        int[] one = {1, 1};
        return new ConvKernels.Geom(mid, out.height(), out.width(), out.channels(), out.height(), out.width(), one, one,
                new int[4], one, 1, e.attrs().b("bias"));
    }
}
