package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Element-wise sum of two or more values of the same shape (residual connections,
 * {@code y = F(x) + x}). Shapes must match exactly; a mismatch is reported with the change
 * that would fix it. FLOPs: one per element per extra input.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.AddKernels}.
 */
public final class Add extends OpDef {
    @Override
    public String name() {
        return "add";
    }

    @Override
    public String summary() {
        return "element-wise sum of values of equal shape (residual connections)";
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<AttrSpec> attrs() {
        return List.of();
    }

    @Override
    public TensorType infer(InferContext ctx) {
        TensorType first = ctx.input(0);
        for (int i = 1; i < ctx.inputs().size(); i++) {
            Shape a = first.shape();
            Shape b = ctx.input(i).shape();
            if (!a.equals(b)) {
                return mismatch(ctx, i, a, b);
            }
        }
        return first;
    }

    /** Reports unequal shapes with the change that would make a residual connection fit. */
    private static TensorType mismatch(InferContext ctx, int i, Shape a, Shape b) {
        String shapes = " (shapes " + a + " and " + b + ")";
        if (a.rank() != 3 || b.rank() != 3) {
            return ctx.inputError(i, "`add`: shapes " + a + " and " + b + " differ", Mul.broadcast(a, b) != null
                    ? "`add` needs equal shapes; `mul` broadcasts, `add` does not" : null);
        }
        boolean sameSpace = a.height() == b.height() && a.width() == b.width();
        if (sameSpace) {
            return ctx.inputError(i, "`add`: channels " + a.channels() + " and " + b.channels() + " differ" + shapes,
                    "add a 1x1 conv on the shortcut to match them, e.g. conv(" + Math.max(a.channels(), b.channels())
                            + ", 1)");
        }
        String message = "`add`: spatial sizes " + a.height() + "x" + a.width() + " and " + b.height() + "x"
                + b.width() + (a.channels() != b.channels() ? " and channels " + a.channels() + " and "
                + b.channels() : "") + " differ" + shapes;
        // The larger map (per axis) must shrink by a whole factor for a strided 1x1 conv to match it.
        boolean aLarger = a.height() >= b.height() && a.width() >= b.width();
        boolean bLarger = b.height() >= a.height() && b.width() >= a.width();
        Shape big = aLarger ? a : b;
        Shape small = aLarger ? b : a;
        if ((aLarger || bLarger) && small.height() > 0 && small.width() > 0
                && big.height() % small.height() == 0 && big.width() % small.width() == 0) {
            int sh = big.height() / small.height();
            int sw = big.width() / small.width();
            String stride = sh == sw ? Integer.toString(sh) : "(" + sh + ", " + sw + ")";
            return ctx.inputError(i, message, "downsample the larger one with a strided 1x1 conv, e.g. conv("
                    + small.channels() + ", 1, stride: " + stride + ") on the " + big + " path");
        }
        return ctx.inputError(i, message, "the sizes are not a whole factor apart; check the padding of the layers"
                + " on each path (pad: same keeps the size at stride 1)");
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements() * (in.size() - 1);
    }
}
