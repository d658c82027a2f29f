package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;

/**
 * How one operation is computed on a device: its forward kernels and its backward rule, emitted
 * through an {@link Emitter} for one node. The operation itself (options, shape rule, parameters,
 * FLOPs, window) is its {@link dev.cnnc.compiler.ops.OpDef}; {@link Kernels} maps each registered
 * op to its kernels.
 */
public interface OpKernels {

    /**
     * Emits the node's forward computation: kernels specialised to its shapes and options, and
     * their launches.
     */
    void forward(Emitter e);

    /**
     * Emits the node's backward rule: adds the gradients of its inputs (where
     * {@link Emitter#gradInput} is not null) and of its parameters, from the output's gradient.
     */
    void backward(Emitter e);

    /**
     * Whether this node's kernels read and write fp16 buffers themselves (mixed precision): then
     * {@link Emitter} hands the rule the half buffers of its activations and gradients as they
     * are, and the rule specialises its kernels to each buffer's {@link Emitter#storage}. False (the
     * default): the rule gets fp32 working copies, widened before and rounded back after it.
     */
    default boolean halfStorage(Emitter e) {
        return false;
    }
}
