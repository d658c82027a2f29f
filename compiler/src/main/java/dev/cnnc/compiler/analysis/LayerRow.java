package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Shape;

/**
 * One line of the model report. {@code flops} and {@code activationBytes} are for the whole
 * batch; {@code field} is null for values with no spatial extent before any pooling.
 */
public record LayerRow(String name, String op, Shape shape, long params, long flops, long activationBytes,
                       ReceptiveField field) {
}
