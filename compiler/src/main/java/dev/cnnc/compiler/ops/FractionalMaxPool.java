package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Fractional max pooling (Graham 2014; PyTorch {@code FractionalMaxPool2d}): K×K windows at
 * pseudo-random, overlapping positions chosen per sample, to an {@code output_size} or a
 * {@code ratio} of the input ({@code ⌊H·r⌋}, as PyTorch's {@code output_ratio}). Give exactly one
 * of the two.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.FractionalMaxPoolKernels}
 * (the windows drawn with {@link #salt}).
 */
public final class FractionalMaxPool extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.pair("kernel").required().min(1),
            AttrSpec.pair("output_size").min(1).doc("output size (h, w)"),
            AttrSpec.numbers("ratio").above(0).below(1).doc("output size as a fraction of the input, r or (r_h, r_w)"));

    @Override
    public String name() {
        return "fractional_maxpool";
    }

    @Override
    public String summary() {
        return "max pooling over pseudo-random overlapping regions (PyTorch FractionalMaxPool2d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "pooling works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        Attrs a = ctx.attrs();
        if (a.has("output_size") == a.has("ratio")) {
            return ctx.error("`fractional_maxpool` needs exactly one of `output_size` and `ratio`",
                    "e.g. fractional_maxpool(2, ratio: 0.7)");
        }
        TensorType in = ctx.input(0);
        int h = in.shape().height();
        int w = in.shape().width();
        int oh;
        int ow;
        if (a.has("output_size")) {
            int[] o = a.pair("output_size");
            oh = o[0];
            ow = o[1];
        } else {
            double[] r = (double[]) a.get("ratio");
            if (r.length > 2) {
                return ctx.attrError("ratio", "`ratio` takes one number or two (r_h, r_w), got " + r.length,
                        "e.g. ratio: 0.5 or ratio: (0.5, 0.75)");
            }
            double rh = r[0];
            double rw = r.length > 1 ? r[1] : r[0];
            oh = (int) (h * rh);
            ow = (int) (w * rw);
            if (oh < 1 || ow < 1) {
                return ctx.attrError("ratio", "ratio " + (r.length == 1 ? Double.toString(r[0])
                        : "(" + r[0] + ", " + r[1] + ")") + " of input "
                        + Geometry.dims(h, w) + " leaves no output (" + Geometry.dims(oh, ow) + ")",
                        "the output is floor(size * ratio); use a larger ratio or `output_size`");
            }
        }
        int[] k = a.pair("kernel");
        if (oh + k[0] - 1 > h || ow + k[1] - 1 > w) {
            return ctx.error("`fractional_maxpool`: output " + Geometry.dims(oh, ow) + " with kernel "
                    + Geometry.dims(k[0], k[1]) + " needs an input of at least "
                    + Geometry.dims(oh + k[0] - 1, ow + k[1] - 1) + ", got " + Geometry.dims(h, w),
                    "output + kernel - 1 must not exceed the input; use a smaller output or kernel");
        }
        return in.withShape(Shape.of(in.shape().channels(), oh, ow));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        return Math.multiplyExact(out.shape().elements(), (long) k[0] * k[1]);
    }

    /**
     * The constant mixed into this node's random draws, so that two fractional poolings of one
     * model draw independently under the same seed: Java's hash of the node's name.
     */
    public static int salt(String nodeName) {
        return nodeName.hashCode();
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        Shape i = in.get(0).shape();
        Shape o = out.shape();
        // The mean stride is in/out; receptive fields use its floor, as for adaptive pooling.
        return Window.sliding(k[0], k[1], Math.max(1, i.height() / o.height()), Math.max(1, i.width() / o.width()));
    }
}
