package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Transposed convolution (PyTorch {@code ConvTranspose2d}), weight {@code [C_in, F/g, K_h, K_w]}.
 * {@code H_out = (H − 1)·s − 2p + r·(K − 1) + output_padding + 1}, which is the seed's
 * {@code (H − 1)·s − 2p + K} at r = 1 and no output padding.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.ConvTransposeKernels}.
 */
public final class ConvTranspose extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.integer("filters").required().min(1),
            AttrSpec.pair("kernel").required().min(1),
            AttrSpec.pair("stride").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.pair("pad").defaultValue(new int[] {0, 0}).min(0),
            AttrSpec.pair("output_padding").defaultValue(new int[] {0, 0}).min(0),
            AttrSpec.pair("dilation").defaultValue(new int[] {1, 1}).min(1),
            AttrSpec.integer("groups").defaultValue(1).min(1),
            AttrSpec.bool("bias").defaultValue(true),
            Inits.initAttr());

    @Override
    public String name() {
        return "conv_transpose";
    }

    @Override
    public String summary() {
        return "transposed (fractionally strided) convolution for upsampling (PyTorch ConvTranspose2d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "`conv_transpose` works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        Attrs a = ctx.attrs();
        TensorType in = ctx.input(0);
        int c = in.shape().channels();
        int g = a.i("groups");
        int f = a.i("filters");
        if (c % g != 0 || f % g != 0) {
            return ctx.attrError("groups", "groups " + g + " does not divide the " + (c % g != 0 ? c + " input channels"
                    : f + " filters"), "groups must divide both input channels (" + c + ") and filters (" + f + ")");
        }
        int[] k = a.pair("kernel");
        int[] s = a.pair("stride");
        int[] p = a.pair("pad");
        int[] op = a.pair("output_padding");
        int[] d = a.pair("dilation");
        for (int i = 0; i < 2; i++) {
            if (op[i] >= s[i] && op[i] >= d[i]) {
                return ctx.attrError("output_padding", "output_padding " + op[i]
                        + " must be smaller than either the stride (" + s[i] + ") or the dilation (" + d[i] + ")",
                        null);
            }
        }
        long ohLong = (in.shape().height() - 1L) * s[0] - 2L * p[0] + (long) d[0] * (k[0] - 1) + op[0] + 1;
        long owLong = (in.shape().width() - 1L) * s[1] - 2L * p[1] + (long) d[1] * (k[1] - 1) + op[1] + 1;
        if (ohLong > InferContext.MAX_ELEMENTS || owLong > InferContext.MAX_ELEMENTS) {
            return ctx.attrError("stride", String.format(java.util.Locale.ROOT, "`conv_transpose`: the output height or "
                    + "width would be more than %,d (the limit)", InferContext.MAX_ELEMENTS),
                    "use a smaller stride, kernel or dilation");
        }
        int oh = (int) Math.max(ohLong, Integer.MIN_VALUE);
        int ow = (int) Math.max(owLong, Integer.MIN_VALUE);
        if (oh <= 0 || ow <= 0) {
            // The largest padding that leaves one row and column: 2p <= (H - 1)s + r(K - 1) + output_padding.
            int maxH = (int) Math.min(Integer.MAX_VALUE, (ohLong + 2L * p[0] - 1) / 2);
            int maxW = (int) Math.min(Integer.MAX_VALUE, (owLong + 2L * p[1] - 1) / 2);
            return ctx.attrError("pad", "padding " + Geometry.dims(p[0], p[1]) + " of this transposed convolution"
                    + " leaves no output (" + Geometry.dims(oh, ow) + ") for input " + Geometry.dims(
                    in.shape().height(), in.shape().width()),
                    "the output is (H - 1)*stride - 2*pad + dilation*(K - 1) + output_padding + 1; pad can be at most "
                            + Geometry.dims(maxH, maxW) + " here");
        }
        return in.withShape(Shape.of(f, oh, ow));
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        int c = in.get(0).shape().channels();
        int fPerGroup = a.i("filters") / a.i("groups");
        List<ParamSpec> ps = new ArrayList<>();
        ps.add(ParamSpec.weight("weight", TensorType.f32(c, fPerGroup, k[0], k[1]), Inits.DEFAULT));
        if (a.b("bias")) {
            ps.add(ParamSpec.fixedInit("bias", TensorType.f32(a.i("filters")),
                    Inits.defaultBias((long) fPerGroup * k[0] * k[1])));
        }
        return ps;
    }

    /** Each input element is multiplied into a K×K×(F/g) patch of the output; plus one add per output for the bias. */
    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        long macs = Math.multiplyExact(Math.multiplyExact(in.get(0).shape().elements(),
                (long) (a.i("filters") / a.i("groups"))), (long) k[0] * k[1]);
        return Math.addExact(macs, a.b("bias") ? out.shape().elements() : 0);
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        int[] d = a.pair("dilation");
        int[] s = a.pair("stride");
        return Window.transposed(Geometry.effective(k[0], d[0]), Geometry.effective(k[1], d[1]), s[0], s[1]);
    }
}
