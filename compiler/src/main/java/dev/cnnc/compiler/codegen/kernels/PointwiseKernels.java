package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.compiler.ops.Pointwise;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels of the element-wise activations ({@link Pointwise}, {@code kernels/pointwise.cl}),
 * and each function with its derivative as OpenCL C expressions, which fused epilogues and
 * chains ({@link Fused#ACTIVATION}, {@link Fused#CHAIN}) also read.
 */
public final class PointwiseKernels implements OpKernels {
    private final Formula formula;

    /** The kernels of the activation named {@code name} (one of {@link #NAMES}). */
    PointwiseKernels(String name) {
        this.formula = FORMULAS.get(name);
    }

    /**
     * The function and its derivative as OpenCL C expressions of {@code v} (input) and {@code out}
     * (output), and the derivative in terms of {@code out} alone where the output determines it
     * ({@link Pointwise#derivativeFromOutput}): what a fused epilogue's backward uses, since the
     * value before the activation is not kept.
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
                return outputDerivative.replace("ALPHA", p.literal(a.f("alpha")));
            }
        };
    }

    /** The formulas by op name (identity has none: it is a view). */
    private static final Map<String, Formula> FORMULAS = Map.of(
            "relu", formula("fmax(v, (real)0)", "v > (real)0 ? (real)1 : (real)0",
                    "out > (real)0 ? (real)1 : (real)0"),
            // PyTorch (hardtanh): the gradient passes strictly inside (0, 6).
            "relu6", formula("fmin(fmax(v, (real)0), (real)6)", "v > (real)0 && v < (real)6 ? (real)1 : (real)0",
                    "out > (real)0 && out < (real)6 ? (real)1 : (real)0"),
            "leaky_relu", withAlpha("v > (real)0 ? v : ALPHA * v", "v > (real)0 ? (real)1 : ALPHA",
                    "out > (real)0 ? (real)1 : ALPHA"),
            // The seed: f'(x) = f(x) + alpha for x <= 0.
            "elu", withAlpha("v > (real)0 ? v : ALPHA * (exp(v) - (real)1)", "v > (real)0 ? (real)1 : out + ALPHA",
                    "out > (real)0 ? (real)1 : out + ALPHA"),
            "sigmoid", formula("(real)1 / ((real)1 + exp(-v))", "out * ((real)1 - out)", "out * ((real)1 - out)"),
            "tanh", formula("tanh(v)", "(real)1 - out * out", "(real)1 - out * out"));

    /** The activations with formulas (all but identity). */
    static final List<String> NAMES = List.of("relu", "relu6", "leaky_relu", "elu", "sigmoid", "tanh");

    private static final Pattern INPUT = Pattern.compile("\\bv\\b");

    /**
     * Activation {@code op} with options {@code a} applied to the OpenCL C expression {@code x}, which
     * may be a real or a vector of reals (a GEMM's 16-wide accumulator): for fused epilogues.
     */
    public static String apply(Pointwise op, Attrs a, Precision p, String x) {
        return "(" + INPUT.matcher(FORMULAS.get(op.name()).forward(a, p))
                .replaceAll(Matcher.quoteReplacement("(" + x + ")")) + ")";
    }

    /** The derivative as an expression of {@code v} and {@code out} (see {@link #apply}). */
    public static String derivative(Pointwise op, Attrs a, Precision p) {
        return FORMULAS.get(op.name()).derivative(a, p);
    }

    /**
     * The derivative as an expression of the output {@code out} alone, or null where the output
     * does not determine it (identity, leaky_relu with a negative slope:
     * {@link Pointwise#derivativeFromOutput}).
     */
    public static String outputDerivative(Pointwise op, Attrs a, Precision p) {
        Formula f = FORMULAS.get(op.name());
        return f == null || !op.derivativeFromOutput(a) ? null : f.outputDerivative(a, p);
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
                .s("DERIVATIVE", formula.derivative(e.attrs(), e.precision()))
                .s("XT", e.inputStorage(0)).s("YT", e.outputStorage())
                .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(0)));
    }

    /** The single activation's kernels take fp16 buffers; a fused chain gets fp32 working copies. */
    @Override
    public boolean halfStorage(Emitter e) {
        return Fused.chain(e.attrs()).isEmpty();
    }

    /**
     * This activation followed by {@code chain} ({@link Fused#CHAIN}) in one kernel: forward
     * {@code v = f_1(v); ...}, backward recomputing the values between the functions from x (not
     * stored) and multiplying the derivatives from the last function to the first.
     */
    private String chainKernels(Emitter e, List<Component> chain) {
        Precision p = e.precision();
        List<Pointwise> ops = new java.util.ArrayList<>(List.of((Pointwise) e.node().op()));
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
            forward.append("    v = ").append(apply(op, attrs.get(j), p, "v")).append("; /* ").append(op.name())
                    .append(" */\n");
            values.append("    const real t").append(j + 1).append(" = ").append(apply(op, attrs.get(j), p, "t" + j))
                    .append(";\n");
        }
        for (int j = ops.size() - 1; j >= 0; j--) {
            derivatives.append("    {\n        const real v = t").append(j).append(";\n        const real out = t")
                    .append(j + 1).append(";\n        g *= ").append(derivative(ops.get(j), attrs.get(j), p))
                    .append("; /* ").append(ops.get(j).name()).append("' */\n    }\n");
        }
        return e.kernels("pointwise_chain", new KernelTemplate.Values(p).s("FORWARD", forward.toString())
                .s("VALUES", values.toString()).s("DERIVATIVES", derivatives.toString()));
    }
}
