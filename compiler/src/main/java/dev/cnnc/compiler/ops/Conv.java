package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * 2-D convolution (cross-correlation), as PyTorch's {@code Conv2d}: weight {@code [F, C/g, K_h, K_w]}
 * (OIHW), bias {@code [F]}.
 *
 * <p>Shape: {@code H_out = ⌊(H + p_top + p_bottom − K_eff) / s⌋ + 1}, {@code K_eff = 1 + (K − 1)·r}.
 * {@code pad: same} follows TensorFlow at any stride (output {@code ⌈H / s⌉}, the odd pixel at the
 * end), which is PyTorch's {@code padding='same'} at stride 1; {@code full} pads {@code K_eff − 1}.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.ConvKernels} (direct kernels, or matrix
 * products through {@code ConvImplicit} and {@code Gemm}).
 */
public final class Conv extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.integer("filters").required().min(1).doc("output channels"),
            AttrSpec.pair("kernel").required().min(1).doc("kernel size, K or (K_h, K_w)"),
            AttrSpec.pair("stride").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.padding("pad").defaultValue(Padding.VALID)
                    .doc("`valid` (0), `same`, `full` (K_eff - 1), p or (p_h, p_w)"),
            AttrSpec.pair("dilation").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.integer("groups").defaultValue(1).min(1).doc("channel groups; groups = C_in is depthwise"),
            AttrSpec.bool("bias").defaultValue(true),
            Inits.initAttr());

    @Override
    public String name() {
        return "conv";
    }

    @Override
    public String summary() {
        return "2-D convolution with stride, padding, dilation and groups (PyTorch Conv2d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "`conv` works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        Attrs a = ctx.attrs();
        TensorType in = ctx.input(0);
        int c = in.shape().channels();
        int groups = a.i("groups");
        int filters = a.i("filters");
        if (c % groups != 0) {
            return ctx.attrError("groups", "groups " + groups + " does not divide the " + c + " input channels",
                    "groups must divide both input channels (" + c + ") and filters (" + filters + ")");
        }
        if (filters % groups != 0) {
            return ctx.attrError("groups", "groups " + groups + " does not divide the " + filters + " filters",
                    "groups must divide both input channels (" + c + ") and filters (" + filters + ")");
        }
        int[] out = SlidingWindow.output(ctx, in, a.pair("kernel"), a.pair("stride"), a.pair("dilation"),
                a.padding("pad"), false, "convolution");
        if (out == null) {
            return null;
        }
        return in.withShape(Shape.of(filters, out[0], out[1]));
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        int cPerGroup = in.get(0).shape().channels() / a.i("groups");
        int filters = a.i("filters");
        List<ParamSpec> ps = new ArrayList<>();
        ps.add(ParamSpec.weight("weight", TensorType.f32(filters, cPerGroup, k[0], k[1]), Inits.DEFAULT));
        if (a.b("bias")) {
            ps.add(ParamSpec.fixedInit("bias", TensorType.f32(filters), Inits.defaultBias((long) cPerGroup * k[0] * k[1])));
        }
        return ps;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        long perOutput = (long) k[0] * k[1] * (in.get(0).shape().channels() / a.i("groups")) + (a.b("bias") ? 1 : 0);
        return Math.multiplyExact(out.shape().elements(), perOutput);
    }

    /**
     * The zero padding {@code [top, bottom, left, right]} of a convolution (or separable_conv) with
     * options {@code a} on input {@code in}: {@link Padding#resolve} with the dilated kernel extent,
     * exactly as the shape rule ({@link SlidingWindow#output}) resolves it.
     */
    public static int[] resolvedPadding(Attrs a, Shape in) {
        int[] k = a.pair("kernel");
        int[] s = a.pair("stride");
        int[] d = a.pair("dilation");
        return a.padding("pad").resolve(in.height(), in.width(), Geometry.effective(k[0], d[0]),
                Geometry.effective(k[1], d[1]), s[0], s[1]);
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return SlidingWindow.window(a.pair("kernel"), a.pair("stride"), a.pair("dilation"));
    }
}
