package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.runtime.opencl.Program;
import java.util.List;

/**
 * Fractional max pooling (Graham 2014; PyTorch {@code FractionalMaxPool2d}): K×K windows at
 * pseudo-random, overlapping positions chosen per sample, to an {@code output_size} or a
 * {@code ratio} of the input ({@code ⌊H·r⌋}, as PyTorch's {@code output_ratio}). Give exactly one
 * of the two.
 *
 * <p>Kernels ({@code pool_fractional.cl}): a first kernel draws, per sample and channel, the
 * window starts by PyTorch's interval rule from two uniforms that are a counter-based hash of
 * the run-time variable {@code seed}, this node's salt ({@link #salt}) and the plane
 * {@code n·C + c}; they go to the saved integer buffer {@code starts} ({@code [N·C, h_out + w_out]}:
 * row starts, then column starts). PyTorch samples in inference too, and so does this. Then one
 * work-item per output element; backward one per input element, over the windows that contain
 * it, sending the gradient to the first maximum of each window (index kept from forward).
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
                .i("KH", k[0]).i("KW", k[1]).s("SALT", String.format("0x%08xu", salt(e.node().name())));
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

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        Shape i = in.get(0).shape();
        Shape o = out.shape();
        // The mean stride is in/out; receptive fields use its floor, as for adaptive pooling.
        return Window.sliding(k[0], k[1], Math.max(1, i.height() / o.height()), Math.max(1, i.width() / o.width()));
    }
}
