package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;

/**
 * Element-wise activations, one instance per function (formulas from the seed):
 * ReLU {@code max(0, x)}, ReLU6 {@code min(max(0, x), 6)}, LeakyReLU {@code x > 0 ? x : αx},
 * ELU {@code x > 0 ? x : α(eˣ − 1)}, sigmoid {@code 1/(1 + e⁻ˣ)}, tanh, and identity.
 * FLOPs: one per element (identity: none; it is a view).
 */
public final class Pointwise extends OpDef {
    private final String name;
    private final String summary;
    private final List<AttrSpec> attrs;

    private Pointwise(String name, String summary, List<AttrSpec> attrs) {
        this.name = name;
        this.summary = summary;
        this.attrs = attrs;
    }

    public static List<Pointwise> all() {
        return List.of(
                new Pointwise("relu", "max(0, x)", List.of()),
                new Pointwise("relu6", "min(max(0, x), 6) (MobileNetV2)", List.of()),
                new Pointwise("leaky_relu", "x if x > 0 else alpha * x",
                        List.of(AttrSpec.number("alpha").defaultValue(0.01).doc("negative slope"))),
                new Pointwise("elu", "x if x > 0 else alpha * (exp(x) - 1)",
                        List.of(AttrSpec.number("alpha").defaultValue(1.0).above(0))),
                new Pointwise("sigmoid", "1 / (1 + exp(-x))", List.of()),
                new Pointwise("tanh", "hyperbolic tangent", List.of()),
                new Pointwise("identity", "returns its input unchanged (a view)", List.of()));
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
        return isView() ? 0 : out.shape().elements();
    }

    @Override
    public boolean isView() {
        return name.equals("identity");
    }
}
