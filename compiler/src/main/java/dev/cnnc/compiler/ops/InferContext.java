package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.TensorType;
import java.util.List;
import java.util.Map;

/**
 * What a shape rule sees: the checked attributes, the input types, and a way to report a
 * problem at the precise place the user wrote it (the call, one option, or one input).
 */
public final class InferContext {
    private final String opName;
    private final Attrs attrs;
    private final List<TensorType> inputs;
    private final Diagnostics diagnostics;
    private final SourceSpan callSpan;
    private final Map<String, SourceSpan> attrSpans;
    private final List<SourceSpan> inputSpans;
    private boolean failed;

    /** The most elements one tensor (per sample) or one parameter may have: they are indexed with 32-bit ints. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE;
    /** The most forward FLOPs per sample a model may have (2^50, about 10^15), so totals at any batch stay countable. */
    public static final long MAX_FLOPS = 1L << 50;

    public InferContext(String opName, Attrs attrs, List<TensorType> inputs, Diagnostics diagnostics,
                        SourceSpan callSpan, Map<String, SourceSpan> attrSpans, List<SourceSpan> inputSpans) {
        this.opName = opName;
        this.attrs = attrs;
        this.inputs = List.copyOf(inputs);
        this.diagnostics = diagnostics;
        this.callSpan = callSpan;
        this.attrSpans = Map.copyOf(attrSpans);
        this.inputSpans = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(inputSpans));
    }

    public Attrs attrs() {
        return attrs;
    }

    public List<TensorType> inputs() {
        return inputs;
    }

    public TensorType input(int i) {
        return inputs.get(i);
    }

    public String opName() {
        return opName;
    }

    public boolean failed() {
        return failed;
    }

    /** Reports a problem of the whole call; always returns null so rules can {@code return ctx.error(...)}. */
    public TensorType error(String message, String hint) {
        failed = true;
        diagnostics.error(callSpan, message, hint);
        return null;
    }

    /** Reports a problem with one option, pointing at it when the user wrote it. */
    public TensorType attrError(String attr, String message, String hint) {
        failed = true;
        diagnostics.error(attrSpans.getOrDefault(attr, callSpan), message, hint);
        return null;
    }

    /** Reports a problem with input {@code i}, pointing at it when it was written as an argument. */
    public TensorType inputError(int i, String message, String hint) {
        failed = true;
        SourceSpan span = i < inputSpans.size() && inputSpans.get(i) != null ? inputSpans.get(i) : callSpan;
        diagnostics.error(span, message, hint);
        return null;
    }

    /** Whether a shape has at most {@link #MAX_ELEMENTS} elements (computed without overflow). */
    public static boolean withinElementLimit(dev.cnnc.compiler.ir.Shape shape) {
        long n = 1;
        for (int i = 0; i < shape.rank(); i++) {
            n *= shape.dim(i);
            if (n > MAX_ELEMENTS) {
                return false;
            }
        }
        return true;
    }

    /**
     * A computed dimension, checked: {@code value} when it fits in 1 ..{@link #MAX_ELEMENTS}, else
     * -1 after reporting at option {@code attr} (or the call when null) what {@code what} names.
     * Rules compute sizes in {@code long} and pass them through here, so no wrapped value is used
     * or shown.
     */
    public int dim(String attr, String what, long value) {
        if (value >= 0 && value <= MAX_ELEMENTS) {
            return (int) value;
        }
        String message = String.format(java.util.Locale.ROOT, "`%s`: %s would be more than %,d (the limit)", opName,
                what, MAX_ELEMENTS);
        if (attr == null) {
            error(message, "use smaller sizes or options");
        } else {
            attrError(attr, message, "use smaller sizes or options");
        }
        return -1;
    }

    /** The output's element count is within the limit; reports it otherwise. */
    public boolean checkOutput(TensorType out) {
        if (withinElementLimit(out.shape())) {
            return true;
        }
        error(String.format(java.util.Locale.ROOT, "`%s`: the output would have more than %,d elements per sample "
                + "(the limit)", opName, MAX_ELEMENTS), "use smaller sizes or options");
        return false;
    }

    /** A parameter's element count is within the limit; reports it otherwise. */
    public boolean checkParam(String name, TensorType type) {
        if (withinElementLimit(type.shape())) {
            return true;
        }
        error(String.format(java.util.Locale.ROOT, "`%s`: its parameter `%s` %s would have more than %,d elements "
                + "(the limit)", opName, name, type.shape(), MAX_ELEMENTS), "use smaller sizes or options");
        return false;
    }

    /** Checks input {@code i} has the given rank; reports and returns false otherwise. */
    public boolean requireRank(int i, int rank, String hint) {
        TensorType t = inputs.get(i);
        if (t.shape().rank() == rank) {
            return true;
        }
        String what = rank == 3 ? "a feature map [C, H, W]" : rank == 1 ? "a feature vector [F]" : "rank " + rank;
        inputError(i, "`" + opName + "` expects " + what + ", but its input has shape " + t.shape(), hint);
        return false;
    }
}
