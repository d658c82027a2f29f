package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * One operation, defined in one place: its name and options, its shape rule, the
 * parameters it owns, its forward FLOPs and its window for receptive-field analysis.
 * Every pass reads this definition; nothing else switches over op kinds. How the op is computed
 * on a device, its kernels and its backward rule, is code generation's: each op's kernels are in
 * {@code codegen.kernels} ({@code Kernels} maps every op to them), so this package depends on no
 * code generation or runtime.
 *
 * <p>FLOPs follow the seed (cnn-math.md): a multiply-accumulate counts as one operation,
 * so a convolution costs {@code H_out × W_out × C_out × (K_h × K_w × C_in + 1)} per sample.
 * Other ops document their own count.
 */
public abstract class OpDef {

    /** The name used in .cnn sources, e.g. {@code conv}. */
    public abstract String name();

    /** One line for {@code cnnc ops} and the language reference. */
    public abstract String summary();

    /** Options in positional order. */
    public abstract List<AttrSpec> attrs();

    /** The fewest tensor inputs. */
    public int minInputs() {
        return 1;
    }

    /** The most tensor inputs ({@link Integer#MAX_VALUE}: any number). */
    public int maxInputs() {
        return 1;
    }

    /**
     * The output type for these inputs and options, or null after reporting through
     * {@code ctx} why there is none.
     */
    public abstract TensorType infer(InferContext ctx);

    /** Parameters and buffers this node owns (PyTorch names and layouts). */
    public List<ParamSpec> params(Attrs attrs, List<TensorType> inputs, TensorType output) {
        return List.of();
    }

    /** Forward floating-point operations for one sample. */
    public abstract long flops(Attrs attrs, List<TensorType> inputs, TensorType output);

    /** Spatial window for receptive-field analysis. */
    public Window window(Attrs attrs, List<TensorType> inputs, TensorType output) {
        return Window.POINTWISE;
    }

    /** True when the output shares its input's storage (flatten, identity): no activation memory. */
    public boolean isView() {
        return false;
    }

    public AttrSpec attr(String name) {
        for (AttrSpec a : attrs()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name();
    }
}
