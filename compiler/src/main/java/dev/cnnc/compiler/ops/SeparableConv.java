package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Depthwise separable convolution (Keras {@code SeparableConv2D}): a depthwise K×K conv with
 * {@code depth_multiplier} filters per input channel, then a 1×1 pointwise conv.
 * Parameters {@code depthwise.weight [C·m, 1, K_h, K_w]}, {@code pointwise.weight [F, C·m, 1, 1]},
 * {@code pointwise.bias [F]}: the seed's {@code K×K×C_in + C_in×C_out} (at m = 1) plus the bias.
 *
 * <p>Kernels: two passes of {@code conv2d.cl}, a depthwise conv (groups = C, no bias) into a
 * saved intermediate {@code [C·m, H_out, W_out]}, then a 1×1 conv of it. Backward runs the
 * chain rule through both, the intermediate's gradient in a second saved buffer that the
 * pointwise input gradient overwrites (so it needs no zeroing).
 */
public final class SeparableConv extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.integer("filters").required().min(1).doc("output channels of the pointwise conv"),
            AttrSpec.pair("kernel").required().min(1),
            AttrSpec.pair("stride").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.padding("pad").defaultValue(Padding.VALID),
            AttrSpec.pair("dilation").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.integer("depth_multiplier").defaultValue(1).min(1),
            AttrSpec.bool("bias").defaultValue(true).doc("bias of the pointwise conv"),
            Inits.initAttr());

    @Override
    public String name() {
        return "separable_conv";
    }

    @Override
    public String summary() {
        return "depthwise K×K conv then pointwise 1×1 conv (Keras SeparableConv2D)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "`separable_conv` works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        Attrs a = ctx.attrs();
        TensorType in = ctx.input(0);
        if (ctx.dim("depth_multiplier", "the depthwise channels (input channels × depth_multiplier)",
                (long) in.shape().channels() * a.i("depth_multiplier")) < 0) {
            return null;
        }
        int[] out = SlidingWindow.output(ctx, in, a.pair("kernel"), a.pair("stride"), a.pair("dilation"),
                a.padding("pad"), false, "separable convolution");
        return out == null ? null : in.withShape(Shape.of(a.i("filters"), out[0], out[1]));
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        int c = in.get(0).shape().channels();
        int mid = c * a.i("depth_multiplier");
        int[] k = a.pair("kernel");
        List<ParamSpec> ps = new ArrayList<>();
        ps.add(ParamSpec.weight("depthwise.weight", TensorType.f32(mid, 1, k[0], k[1]), Inits.DEFAULT));
        ps.add(ParamSpec.weight("pointwise.weight", TensorType.f32(a.i("filters"), mid, 1, 1), Inits.DEFAULT));
        if (a.b("bias")) {
            ps.add(ParamSpec.fixedInit("pointwise.bias", TensorType.f32(a.i("filters")), Inits.defaultBias(mid)));
        }
        return ps;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        long spatial = (long) out.shape().height() * out.shape().width();
        long mid = (long) in.get(0).shape().channels() * a.i("depth_multiplier");
        long depthwise = Math.multiplyExact(Math.multiplyExact(spatial, mid), (long) k[0] * k[1]);
        long pointwise = Math.multiplyExact(Math.multiplyExact(spatial, (long) a.i("filters")),
                mid + (a.b("bias") ? 1 : 0));
        return Math.addExact(depthwise, pointwise);
    }

    @Override
    public void forward(Emitter e) {
        Conv.Geom dg = depthwise(e);
        Conv.Geom pg = pointwise(e);
        Program.BufferRef mid = e.saved("depthwise", intermediate(e));
        dg.forward(e, true, e.input(0), e.param("depthwise.weight"), null, mid);
        pg.forward(e, false, mid, e.param("pointwise.weight"), pg.bias() ? e.param("pointwise.bias") : null,
                e.output());
    }

    @Override
    public void backward(Emitter e) {
        Conv.Geom dg = depthwise(e);
        Conv.Geom pg = pointwise(e);
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
     * stride, dilation and padding ({@link Conv#resolvedPadding}, as {@link #infer} resolves it).
     */
    private static Conv.Geom depthwise(Emitter e) {
        Attrs a = e.attrs();
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        int c = in.channels();
        return new Conv.Geom(c, in.height(), in.width(), c * a.i("depth_multiplier"), out.height(), out.width(),
                a.pair("kernel"), a.pair("stride"), Conv.resolvedPadding(a, in), a.pair("dilation"), c, false);
    }

    /** The pointwise pass: a 1×1 conv of the intermediate to the F filters, with this node's bias. */
    private static Conv.Geom pointwise(Emitter e) {
        Shape out = e.outputType().shape();
        int mid = e.inputType(0).shape().channels() * e.attrs().i("depth_multiplier");
        int[] one = {1, 1};
        return new Conv.Geom(mid, out.height(), out.width(), out.channels(), out.height(), out.width(), one, one,
                new int[4], one, 1, e.attrs().b("bias"));
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return SlidingWindow.window(a.pair("kernel"), a.pair("stride"), a.pair("dilation"));
    }
}
