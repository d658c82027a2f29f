package dev.cnnc.compiler.ir;

/** What a parameter tensor is for; only trainable ones count as parameters (PyTorch's {@code parameters()}). */
public enum ParamKind {
    /** Updated by the optimizer: weights, biases, BatchNorm's gamma and beta. */
    TRAINABLE,
    /** State that is saved but not trained: BatchNorm's running statistics. */
    BUFFER;
}
