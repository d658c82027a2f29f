package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Max and average pooling over K×K windows (PyTorch {@code MaxPool2d} / {@code AvgPool2d}):
 * the stride defaults to the kernel, padding must be at most half the kernel, and
 * {@code ceil_mode} rounds the output size up. FLOPs: one per window element per output.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.PoolKernels}.
 */
public final class Pool extends OpDef {
    private final boolean max;
    private final List<AttrSpec> attrs;

    private Pool(boolean max) {
        this.max = max;
        List<AttrSpec> a = new ArrayList<>(List.of(
                AttrSpec.pair("kernel").required().min(1),
                AttrSpec.pair("stride").min(1).doc("default: the kernel size"),
                AttrSpec.pair("pad").defaultValue(new int[] {0, 0}).min(0)));
        if (max) {
            a.add(AttrSpec.pair("dilation").defaultValue(new int[] {1, 1}).min(1));
        }
        a.add(AttrSpec.bool("ceil_mode").defaultValue(false));
        if (!max) {
            a.add(AttrSpec.bool("count_include_pad").defaultValue(true));
        }
        this.attrs = List.copyOf(a);
    }

    public static Pool maxPool() {
        return new Pool(true);
    }

    public static Pool avgPool() {
        return new Pool(false);
    }

    @Override
    public String name() {
        return max ? "maxpool" : "avgpool";
    }

    @Override
    public String summary() {
        return max ? "max pooling over K×K windows (PyTorch MaxPool2d)" : "average pooling over K×K windows (PyTorch AvgPool2d)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return attrs;
    }

    /** The stride: the kernel size unless given. */
    public static int[] stride(Attrs a) {
        return a.has("stride") ? a.pair("stride") : a.pair("kernel");
    }

    /** The dilation: 1 unless given (max pooling only). */
    public static int[] dilation(Attrs a) {
        return a.has("dilation") ? a.pair("dilation") : new int[] {1, 1};
    }

    @Override
    public TensorType infer(InferContext ctx) {
        if (!ctx.requireRank(0, 3, "pooling works on feature maps; is a `flatten` too early?")) {
            return null;
        }
        Attrs a = ctx.attrs();
        int[] k = a.pair("kernel");
        int[] p = a.pair("pad");
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            return ctx.attrError("pad", "padding " + Geometry.dims(p[0], p[1]) + " is more than half the kernel "
                    + Geometry.dims(k[0], k[1]), "pooling pads at most half the kernel (as PyTorch): at most "
                    + Geometry.dims(k[0] / 2, k[1] / 2) + " here");
        }
        TensorType in = ctx.input(0);
        int[] out = SlidingWindow.output(ctx, in, k, stride(a), dilation(a), Padding.explicit(p[0], p[1]),
                a.b("ceil_mode"), name());
        return out == null ? null : in.withShape(Shape.of(in.shape().channels(), out[0], out[1]));
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        int[] k = a.pair("kernel");
        return Math.multiplyExact(out.shape().elements(), (long) k[0] * k[1]);
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return SlidingWindow.window(a.pair("kernel"), stride(a), dilation(a));
    }
}
