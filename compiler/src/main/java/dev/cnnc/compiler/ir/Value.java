package dev.cnnc.compiler.ir;

import java.util.Objects;

/**
 * A tensor-valued edge of the graph: a model input or the output of one node. Values are
 * immutable; identity is the object.
 */
public final class Value {
    private final String name;
    private final TensorType type;

    public Value(String name, TensorType type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    public String name() {
        return name;
    }

    public TensorType type() {
        return type;
    }

    public Shape shape() {
        return type.shape();
    }

    @Override
    public String toString() {
        return "%" + name + ": " + type;
    }
}
