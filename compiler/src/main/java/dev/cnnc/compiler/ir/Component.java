package dev.cnnc.compiler.ir;

import java.util.Objects;

/**
 * A checked training component: a loss, optimizer, schedule, augmentation or initializer
 * with its options, e.g. {@code sgd(lr: 0.01, momentum: 0.9)}.
 */
public record Component(String name, Attrs options) {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String toString() {
        String o = options.toString();
        return o.isEmpty() ? name : name + "(" + o + ")";
    }
}
