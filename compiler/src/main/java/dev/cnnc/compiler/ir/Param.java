package dev.cnnc.compiler.ir;

import java.util.Objects;

/**
 * A tensor owned by a node, with its PyTorch-style full name ({@code layer1.0.conv1.weight})
 * and its initializer, resolved from the layer's `init`, the model's `init` and the op's default, in that order.
 */
public record Param(String name, TensorType type, ParamKind kind, Component init) {
    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(init, "init");
    }

    public long elements() {
        return type.shape().elements();
    }

    public boolean trainable() {
        return kind == ParamKind.TRAINABLE;
    }
}
