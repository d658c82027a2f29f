package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Element-wise sum of two or more values of the same shape (residual connections,
 * {@code y = F(x) + x}). Shapes must match exactly; a mismatch is reported with the change
 * that would fix it. FLOPs: one per element per extra input.
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
            if (a.equals(b)) {
                continue;
            }
            if (a.rank() == 3 && b.rank() == 3) {
                if (a.height() == b.height() && a.width() == b.width()) {
                    return ctx.inputError(i, "`add`: channels " + a.channels() + " and " + b.channels()
                            + " differ (shapes " + a + " and " + b + ")",
                            "add a 1x1 conv on the shortcut to match them, e.g. conv(" + Math.max(a.channels(),
                                    b.channels()) + ", 1)");
                }
                int stride = a.height() > b.height() ? a.height() / Math.max(1, b.height())
                        : b.height() / Math.max(1, a.height());
                return ctx.inputError(i, "`add`: spatial sizes " + a.height() + "x" + a.width() + " and "
                        + b.height() + "x" + b.width() + " differ (shapes " + a + " and " + b + ")",
                        "downsample the larger one to match, e.g. a 1x1 conv with stride: " + stride);
            }
            return ctx.inputError(i, "`add`: shapes " + a + " and " + b + " differ", null);
        }
        return first;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return out.shape().elements() * (in.size() - 1);
    }
}
