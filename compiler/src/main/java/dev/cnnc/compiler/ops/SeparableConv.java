package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Depthwise separable convolution (Keras {@code SeparableConv2D}): a depthwise K×K conv with
 * {@code depth_multiplier} filters per input channel, then a 1×1 pointwise conv.
 * Parameters {@code depthwise.weight [C·m, 1, K_h, K_w]}, {@code pointwise.weight [F, C·m, 1, 1]},
 * {@code pointwise.bias [F]}: the seed's {@code K×K×C_in + C_in×C_out} (at m = 1) plus the bias.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.SeparableConvKernels}
 * (two passes of the convolution's kernels).
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
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return SlidingWindow.window(a.pair("kernel"), a.pair("stride"), a.pair("dilation"));
    }
}
