package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Inverted dropout in training, identity in inference (PyTorch {@code Dropout}/{@code Dropout2d}):
 * {@code p} is the probability of zeroing, and kept values are scaled by {@code 1/(1 − p)}. (The
 * seed writes the keep probability as p; cnnc follows PyTorch.) Spatial dropout zeroes whole
 * channels. FLOPs: one per element.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.DropoutKernels}
 * (the masks drawn with {@link #salt}).
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

    /** A 64-bit constant per layer name, so two dropout layers draw different masks from one seed. */
    public static long salt(String layer) {
        long h = 0x243F6A8885A308D3L;
        for (int i = 0; i < layer.length(); i++) {
            h = (h ^ layer.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements();
    }
}
