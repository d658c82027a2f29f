package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.ParamKind;
import dev.cnnc.compiler.ir.TensorType;

/**
 * A parameter an op owns, named by its suffix ({@code weight}, {@code running_mean}).
 * {@code userInit} says whether the layer's or model's {@code init} option applies to it
 * (weights) or the op's default always does (biases, BatchNorm scale and statistics).
 */
public record ParamSpec(String suffix, TensorType type, ParamKind kind, Component defaultInit, boolean userInit) {

    public static ParamSpec weight(String suffix, TensorType type, Component defaultInit) {
        return new ParamSpec(suffix, type, ParamKind.TRAINABLE, defaultInit, true);
    }

    public static ParamSpec fixedInit(String suffix, TensorType type, Component init) {
        return new ParamSpec(suffix, type, ParamKind.TRAINABLE, init, false);
    }

    public static ParamSpec buffer(String suffix, TensorType type, Component init) {
        return new ParamSpec(suffix, type, ParamKind.BUFFER, init, false);
    }
}
