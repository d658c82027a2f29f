package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;
import java.util.function.Predicate;

/**
 * Element-wise activations, one instance per function (formulas from the seed):
 * ReLU {@code max(0, x)}, ReLU6 {@code min(max(0, x), 6)}, LeakyReLU {@code x > 0 ? x : αx},
 * ELU {@code x > 0 ? x : α(eˣ − 1)}, sigmoid {@code 1/(1 + e⁻ˣ)}, tanh, and identity.
 * FLOPs: one per element (identity: none; it is a view).
 *
 * <p>Kernels: {@code codegen.kernels.PointwiseKernels}, which also holds each function and its
 * derivative as OpenCL C expressions.
 */
public final class Pointwise extends OpDef {
    private final String name;
    private final String summary;
    private final List<AttrSpec> attrs;
    private final Predicate<Attrs> derivativeFromOutput;

    private Pointwise(String name, String summary, List<AttrSpec> attrs, Predicate<Attrs> derivativeFromOutput) {
        this.name = name;
        this.summary = summary;
        this.attrs = attrs;
        this.derivativeFromOutput = derivativeFromOutput;
    }

    /** The output always determines the derivative. */
    private static final Predicate<Attrs> ALWAYS = a -> true;

    /**
     * With an `alpha` option, the output determines the derivative while alpha is at least 0
     * (then {@code out > 0} exactly when {@code v > 0}).
     */
    private static final Predicate<Attrs> ALPHA_NOT_NEGATIVE = a -> a.f("alpha") >= 0;

    /**
     * Whether the derivative with options {@code a} is a function of the output alone (false for
     * identity, and leaky_relu with a negative slope): what a fused epilogue's backward needs,
     * since the value before the activation is not kept.
     */
    public boolean derivativeFromOutput(Attrs a) {
        return derivativeFromOutput.test(a);
    }

    public static List<Pointwise> all() {
        return List.of(
                new Pointwise("relu", "max(0, x)", List.of(), ALWAYS),
                new Pointwise("relu6", "min(max(0, x), 6) (MobileNetV2)", List.of(), ALWAYS),
                new Pointwise("leaky_relu", "x if x > 0 else alpha * x",
                        List.of(AttrSpec.number("alpha").defaultValue(0.01).doc("negative slope")),
                        ALPHA_NOT_NEGATIVE),
                new Pointwise("elu", "x if x > 0 else alpha * (exp(x) - 1)",
                        List.of(AttrSpec.number("alpha").defaultValue(1.0).above(0)), ALPHA_NOT_NEGATIVE),
                new Pointwise("sigmoid", "1 / (1 + exp(-x))", List.of(), ALWAYS),
                new Pointwise("tanh", "hyperbolic tangent", List.of(), ALWAYS),
                new Pointwise("identity", "returns its input unchanged (a view)", List.of(), a -> false));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public List<AttrSpec> attrs() {
        return attrs;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        return ctx.input(0);
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return isView() ? 0 : out.shape().elements() * (1 + Fused.chain(a).size());
    }

    @Override
    public boolean isView() {
        return name.equals("identity");
    }
}
