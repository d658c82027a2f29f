package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Precision;
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
    private final Formula formula;

    private Pointwise(String name, String summary, List<AttrSpec> attrs, Formula formula) {
        this.name = name;
        this.summary = summary;
        this.attrs = attrs;
        this.formula = formula;
    }

    /** The function and its derivative as OpenCL C expressions of {@code v} (input) and {@code out} (output). */
    private interface Formula {
        String forward(Attrs a, Precision p);

        String derivative(Attrs a, Precision p);
    }

    private static Formula formula(String forward, String derivative) {
        return new Formula() {
            @Override
            public String forward(Attrs a, Precision p) {
                return forward;
            }

            @Override
            public String derivative(Attrs a, Precision p) {
                return derivative;
            }
        };
    }

    /** A formula with an `alpha` option, written into the expression as a literal. */
    private static Formula withAlpha(String forward, String derivative) {
        return new Formula() {
            @Override
            public String forward(Attrs a, Precision p) {
                return forward.replace("ALPHA", p.literal(a.f("alpha")));
            }

            @Override
            public String derivative(Attrs a, Precision p) {
                return derivative.replace("ALPHA", p.literal(a.f("alpha")));
            }
        };
    }

    public static List<Pointwise> all() {
        return List.of(
                new Pointwise("relu", "max(0, x)", List.of(),
                        formula("fmax(v, (real)0)", "v > (real)0 ? (real)1 : (real)0")),
                new Pointwise("relu6", "min(max(0, x), 6) (MobileNetV2)", List.of(),
                        // PyTorch (hardtanh): the gradient passes strictly inside (0, 6).
                        formula("fmin(fmax(v, (real)0), (real)6)", "v > (real)0 && v < (real)6 ? (real)1 : (real)0")),
                new Pointwise("leaky_relu", "x if x > 0 else alpha * x",
                        List.of(AttrSpec.number("alpha").defaultValue(0.01).doc("negative slope")),
                        withAlpha("v > (real)0 ? v : ALPHA * v", "v > (real)0 ? (real)1 : ALPHA")),
                new Pointwise("elu", "x if x > 0 else alpha * (exp(x) - 1)",
                        List.of(AttrSpec.number("alpha").defaultValue(1.0).above(0)),
                        // The seed: f'(x) = f(x) + alpha for x <= 0.
                        withAlpha("v > (real)0 ? v : ALPHA * (exp(v) - (real)1)", "v > (real)0 ? (real)1 : out + ALPHA")),
                new Pointwise("sigmoid", "1 / (1 + exp(-x))", List.of(),
                        formula("(real)1 / ((real)1 + exp(-v))", "out * ((real)1 - out)")),
                new Pointwise("tanh", "hyperbolic tangent", List.of(),
                        formula("tanh(v)", "(real)1 - out * out")),
                new Pointwise("identity", "returns its input unchanged (a view)", List.of(), null));
    }

    @Override
    public void forward(Emitter e) {
        long elements = e.batch() * e.outputType().shape().elements();
        e.launch(kernels(e) + "_forward", elements, e.input(0), e.output());
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        long elements = e.batch() * e.outputType().shape().elements();
        e.launch(kernels(e) + "_backward", elements, e.input(0), e.output(), e.gradOutput(), e.gradInput(0));
    }

    private String kernels(Emitter e) {
        return e.kernels("pointwise", new KernelTemplate.Values(e.precision())
                .s("FORWARD", formula.forward(e.attrs(), e.precision()))
                .s("DERIVATIVE", formula.derivative(e.attrs(), e.precision())));
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
