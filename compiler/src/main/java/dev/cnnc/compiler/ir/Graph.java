package dev.cnnc.compiler.ir;

import dev.cnnc.compiler.diag.SourceSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model after elaboration: typed inputs, nodes in topological order (each value is
 * defined before it is used), named outputs and the checked training section. Immutable.
 */
public final class Graph {
    private final String name;
    private final SourceSpan span;
    private final List<Value> inputs;
    private final List<Node> nodes;
    private final Map<String, Value> outputs;
    private final Attrs training;

    public Graph(String name, SourceSpan span, List<Value> inputs, List<Node> nodes, Map<String, Value> outputs,
                 Attrs training) {
        this.name = Objects.requireNonNull(name, "name");
        this.span = span;
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.training = Objects.requireNonNull(training, "training");
    }

    public String name() {
        return name;
    }

    public SourceSpan span() {
        return span;
    }

    public List<Value> inputs() {
        return inputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Map<String, Value> outputs() {
        return outputs;
    }

    /** The training section's checked entries (defaults filled in). */
    public Attrs training() {
        return training;
    }

    public List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (Node n : nodes) {
            out.addAll(n.params());
        }
        return out;
    }

    /** Trainable parameter count, as PyTorch's {@code sum(p.numel() for p in model.parameters())}. */
    public long parameterCount() {
        return nodes.stream().mapToLong(Node::trainableParameters).sum();
    }

    public Node node(String layerName) {
        for (Node n : nodes) {
            if (n.name().equals(layerName)) {
                return n;
            }
        }
        return null;
    }

    /** A readable dump, one node a line, used by {@code --emit ir} and tests. */
    public String dump() {
        StringBuilder b = new StringBuilder();
        b.append("graph ").append(name).append(" {\n");
        for (Value v : inputs) {
            b.append("  input ").append(v).append('\n');
        }
        for (Node n : nodes) {
            b.append("  ").append(n).append('\n');
            for (Param p : n.params()) {
                b.append("    ").append(p.trainable() ? "param  " : "buffer ").append(p.name()).append(": ")
                        .append(p.type()).append(" init=").append(p.init()).append('\n');
            }
        }
        for (Map.Entry<String, Value> o : outputs.entrySet()) {
            b.append("  output ").append(o.getKey()).append(" = %").append(o.getValue().name()).append('\n');
        }
        return b.append("}\n").toString();
    }
}
