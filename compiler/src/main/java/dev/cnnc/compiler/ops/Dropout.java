package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Inverted dropout in training, identity in inference (PyTorch {@code Dropout}/{@code Dropout2d}):
 * {@code p} is the probability of zeroing, and kept values are scaled by {@code 1/(1 − p)}. (The
 * seed writes the keep probability as p; cnnc follows PyTorch.) Spatial dropout zeroes whole
 * channels. FLOPs: one per element.
 *
 * <p>Kernels ({@code kernels/dropout.cl}): in training, one work-item per mask element (each
 * element, or each (n, c) feature map for spatial dropout) draws keep/drop from a counter-based
 * hash of the run-time variable {@code seed}, this layer's name and the element's index, and
 * saves the 0/1 mask; one per element applies {@code y = x·mask/(1 − p)}, and backward
 * {@code dx += dy·mask/(1 − p)}. The same seed gives the same mask on any device and in either
 * precision. In inference, a copy.
 */
public final class Dropout extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.number("p").defaultValue(0.5).min(0).below(1).doc("probability of zeroing an element"));
    private final boolean spatial;

    private Dropout(boolean spatial) {
        this.spatial = spatial;
    }

    public static Dropout standard() {
        return new Dropout(false);
    }

    public static Dropout spatial() {
        return new Dropout(true);
    }

    @Override
    public String name() {
        return spatial ? "spatial_dropout" : "dropout";
    }

    @Override
    public String summary() {
        return spatial ? "drops whole feature maps in training (PyTorch Dropout2d)"
                : "drops elements with probability p in training, scaling the rest by 1/(1-p)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (spatial && !ctx.requireRank(0, 3, "use `dropout` on feature vectors")) {
            return null;
        }
        return ctx.input(0);
    }

    /** Elements that share one mask element: a feature map's H·W for spatial dropout, else 1. */
    private long group(Emitter e) {
        return spatial ? e.inputType(0).shape().elements() / e.inputType(0).shape().dim(0) : 1;
    }

    private String kernels(Emitter e) {
        double p = e.attrs().f("p");
        // Kept when the draw's top 32 bits are >= p·2^32: probability 1 − p.
        long threshold = Math.round(p * 4294967296.0);
        return e.kernels("dropout", new KernelTemplate.Values(e.precision()).i("GROUP", group(e))
                .i("THRESHOLD", threshold).r("SCALE", 1 / (1 - p))
                .s("SALT", "0x" + Long.toHexString(salt(e.node().name())) + "UL"));
    }

    /** A 64-bit constant per layer name, so two dropout layers draw different masks from one seed. */
    static long salt(String layer) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < layer.length(); i++) {
            h = (h ^ layer.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    @Override
    public void forward(Emitter e) {
        String k = kernels(e);
        long elements = e.batch() * e.outputType().shape().elements();
        if (!e.training()) {
            e.launch(k + "_copy", elements, e.input(0), e.output());
            return;
        }
        long draws = elements / group(e);
        e.launch(k + "_mask", draws, e.variable("seed"), e.saved("mask", draws));
        e.launch(k + "_forward", elements, e.input(0), e.saved("mask", draws), e.output());
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        String k = kernels(e);
        long elements = e.batch() * e.outputType().shape().elements();
        if (!e.training()) {
            e.launch(k + "_backward_copy", elements, e.gradOutput(), e.gradInput(0));
            return;
        }
        long draws = elements / group(e);
        e.launch(k + "_backward", elements, e.gradOutput(), e.saved("mask", draws), e.gradInput(0));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements();
    }
}
