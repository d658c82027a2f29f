package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The function and its derivative as OpenCL C expressions of {@code v} (input) and {@code out}
     * (output), and the derivative in terms of {@code out} alone where the output determines it
     * (null where it does not): what a fused epilogue's backward uses, since the value before the
     * activation is not kept.
     */
    private interface Formula {
        String forward(Attrs a, Precision p);

        String derivative(Attrs a, Precision p);

        String outputDerivative(Attrs a, Precision p);
    }

    private static Formula formula(String forward, String derivative, String outputDerivative) {
        return new Formula() {
            @Override
            public String forward(Attrs a, Precision p) {
                return forward;
            }

            @Override
            public String derivative(Attrs a, Precision p) {
                return derivative;
            }

            @Override
            public String outputDerivative(Attrs a, Precision p) {
                return outputDerivative;
            }
        };
    }

    /**
     * A formula with an `alpha` option, written into the expression as a literal; its output
     * derivative holds while alpha is at least 0 (then {@code out > 0} exactly when {@code v > 0}).
     */
    private static Formula withAlpha(String forward, String derivative, String outputDerivative) {
        return new Formula() {
            @Override
            public String forward(Attrs a, Precision p) {
                return forward.replace("ALPHA", p.literal(a.f("alpha")));
            }

            @Override
            public String derivative(Attrs a, Precision p) {
                return derivative.replace("ALPHA", p.literal(a.f("alpha")));
            }

            @Override
            public String outputDerivative(Attrs a, Precision p) {
                return a.f("alpha") >= 0 ? outputDerivative.replace("ALPHA", p.literal(a.f("alpha"))) : null;
            }
        };
    }

    private static final Pattern INPUT = Pattern.compile("\\bv\\b");

    /**
     * This activation with options {@code a} applied to the OpenCL C expression {@code x}, which
     * may be a real or a vector of reals (a GEMM's 16-wide accumulator): for fused epilogues.
     */
    public String apply(Attrs a, Precision p, String x) {
        return "(" + INPUT.matcher(formula.forward(a, p)).replaceAll(Matcher.quoteReplacement("(" + x + ")")) + ")";
    }

    /** The derivative as an expression of {@code v} and {@code out} (see {@link #apply}). */
    public String derivative(Attrs a, Precision p) {
        return formula.derivative(a, p);
    }

    /**
     * The derivative as an expression of the output {@code out} alone, or null where the output
     * does not determine it (identity, leaky_relu with a negative slope).
     */
    public String outputDerivative(Attrs a, Precision p) {
        return formula == null ? null : formula.outputDerivative(a, p);
    }

    public static List<Pointwise> all() {
        return List.of(
                new Pointwise("relu", "max(0, x)", List.of(),
                        formula("fmax(v, (real)0)", "v > (real)0 ? (real)1 : (real)0",
                                "out > (real)0 ? (real)1 : (real)0")),
                new Pointwise("relu6", "min(max(0, x), 6) (MobileNetV2)", List.of(),
                        // PyTorch (hardtanh): the gradient passes strictly inside (0, 6).
                        formula("fmin(fmax(v, (real)0), (real)6)", "v > (real)0 && v < (real)6 ? (real)1 : (real)0",
                                "out > (real)0 && out < (real)6 ? (real)1 : (real)0")),
                new Pointwise("leaky_relu", "x if x > 0 else alpha * x",
                        List.of(AttrSpec.number("alpha").defaultValue(0.01).doc("negative slope")),
                        withAlpha("v > (real)0 ? v : ALPHA * v", "v > (real)0 ? (real)1 : ALPHA",
                                "out > (real)0 ? (real)1 : ALPHA")),
                new Pointwise("elu", "x if x > 0 else alpha * (exp(x) - 1)",
                        List.of(AttrSpec.number("alpha").defaultValue(1.0).above(0)),
                        // The seed: f'(x) = f(x) + alpha for x <= 0.
                        withAlpha("v > (real)0 ? v : ALPHA * (exp(v) - (real)1)", "v > (real)0 ? (real)1 : out + ALPHA",
                                "out > (real)0 ? (real)1 : out + ALPHA")),
                new Pointwise("sigmoid", "1 / (1 + exp(-x))", List.of(),
                        formula("(real)1 / ((real)1 + exp(-v))", "out * ((real)1 - out)", "out * ((real)1 - out)")),
                new Pointwise("tanh", "hyperbolic tangent", List.of(),
                        formula("tanh(v)", "(real)1 - out * out", "(real)1 - out * out")),
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
        if (Fused.chain(e.attrs()).isEmpty()) {
            e.launch(kernels(e) + "_backward", elements, e.input(0), e.output(), e.gradOutput(), e.gradInput(0));
        } else {
            e.launch(kernels(e) + "_backward", elements, e.input(0), e.gradOutput(), e.gradInput(0));
        }
    }

    private String kernels(Emitter e) {
        List<Component> chain = Fused.chain(e.attrs());
        if (!chain.isEmpty()) {
            return chainKernels(e, chain);
        }
        return e.kernels("pointwise", new KernelTemplate.Values(e.precision())
                .s("FORWARD", formula.forward(e.attrs(), e.precision()))
                .s("DERIVATIVE", formula.derivative(e.attrs(), e.precision())));
    }

    /**
     * This activation followed by {@code chain} ({@link Fused#CHAIN}) in one kernel: forward
     * {@code v = f_1(v); ...}, backward recomputing the values between the functions from x (not
     * stored) and multiplying the derivatives from the last function to the first.
     */
    private String chainKernels(Emitter e, List<Component> chain) {
        Precision p = e.precision();
        List<Pointwise> ops = new java.util.ArrayList<>(List.of(this));
        List<Attrs> attrs = new java.util.ArrayList<>(List.of(e.attrs()));
        for (Component c : chain) {
            ops.add(Fused.activationOp(c));
            attrs.add(c.options());
        }
        StringBuilder forward = new StringBuilder();
        StringBuilder values = new StringBuilder();
        StringBuilder derivatives = new StringBuilder();
        for (int j = 0; j < ops.size(); j++) {
            Pointwise op = ops.get(j);
            forward.append("    v = ").append(op.apply(attrs.get(j), p, "v")).append("; /* ").append(op.name())
                    .append(" */\n");
            values.append("    const real t").append(j + 1).append(" = ").append(op.apply(attrs.get(j), p, "t" + j))
                    .append(";\n");
        }
        for (int j = ops.size() - 1; j >= 0; j--) {
            derivatives.append("    {\n        const real v = t").append(j).append(";\n        const real out = t")
                    .append(j + 1).append(";\n        g *= ").append(ops.get(j).derivative(attrs.get(j), p))
                    .append("; /* ").append(ops.get(j).name()).append("' */\n    }\n");
        }
        return e.kernels("pointwise_chain", new KernelTemplate.Values(p).s("FORWARD", forward.toString())
                .s("VALUES", values.toString()).s("DERIVATIVES", derivatives.toString()));
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
