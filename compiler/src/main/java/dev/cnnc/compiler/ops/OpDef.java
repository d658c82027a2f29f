package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * One operation, defined in one place: its name and options, its shape rule, the
 * parameters it owns, its forward FLOPs and its window for receptive-field analysis.
 * Every pass reads this definition; nothing else switches over op kinds.
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

    /**
     * Emits this node's forward computation: kernels specialised to its shapes and options,
     * and their launches. An op without kernels fails loudly, naming itself.
     */
    public void forward(Emitter e) {
        throw new CodegenException("op `" + name() + "` has no forward kernel (node " + e.node().name() + ")");
    }

    /**
     * Emits this node's backward rule: adds the gradients of its inputs (where
     * {@link Emitter#gradInput} is not null) and of its parameters, from the output's gradient.
     */
    public void backward(Emitter e) {
        throw new CodegenException("op `" + name() + "` has no backward rule (node " + e.node().name() + ")");
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
