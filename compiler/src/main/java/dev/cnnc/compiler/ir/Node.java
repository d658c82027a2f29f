package dev.cnnc.compiler.ir;

import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.ops.OpDef;
import java.util.List;
import java.util.Objects;

/**
 * One operation applied to its inputs: the op's definition, its checked attributes, its
 * parameters and the value it produces. {@code name} is the layer's full dotted name
 * ({@code layer1.0.conv1}), unique in its graph.
 */
public final class Node {
    private final String name;
    private final OpDef op;
    private final Attrs attrs;
    private final List<Value> inputs;
    private final Value output;
    private final List<Param> params;
    private final SourceSpan span;

    public Node(String name, OpDef op, Attrs attrs, List<Value> inputs, Value output, List<Param> params,
                SourceSpan span) {
        this.name = Objects.requireNonNull(name, "name");
        this.op = Objects.requireNonNull(op, "op");
        this.attrs = Objects.requireNonNull(attrs, "attrs");
        this.inputs = List.copyOf(inputs);
        this.output = Objects.requireNonNull(output, "output");
        this.params = List.copyOf(params);
        this.span = span;
    }

    public String name() {
        return name;
    }

    public OpDef op() {
        return op;
    }

    public Attrs attrs() {
        return attrs;
    }

    public List<Value> inputs() {
        return inputs;
    }

    public List<TensorType> inputTypes() {
        return inputs.stream().map(Value::type).toList();
    }

    public Value output() {
        return output;
    }

    public List<Param> params() {
        return params;
    }

    /** Where the user wrote this layer; null for nodes made by passes. */
    public SourceSpan span() {
        return span;
    }

    public long trainableParameters() {
        return params.stream().filter(Param::trainable).mapToLong(Param::elements).sum();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(output).append(" = ").append(op.name()).append('(');
        for (int i = 0; i < inputs.size(); i++) {
            b.append(i > 0 ? ", " : "").append('%').append(inputs.get(i).name());
        }
        String a = attrs.toString();
        if (!a.isEmpty()) {
            b.append(inputs.isEmpty() ? "" : "; ").append(a);
        }
        return b.append(')').toString();
    }
}
