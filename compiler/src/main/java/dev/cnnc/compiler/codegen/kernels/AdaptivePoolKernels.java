package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ops.AdaptivePool;
import dev.cnnc.compiler.ops.GlobalPool;

/**
 * The kernels of {@link AdaptivePool} and {@link GlobalPool} (adaptive pooling to 1×1):
 * {@code pool_adaptive_avg.cl}, {@code pool_adaptive_max.cl}, one work-item per output element
 * forward; backward one work-item per input element, over the cells
 * {@code ⌊h·h_out/H⌋ .. ⌈(h+1)·h_out/H⌉} whose regions contain it. Max pooling sends the gradient
 * to the first maximum of each region in row-major order, whose index it keeps from forward in
 * training. The kernels read and write fp16 activations and gradients themselves
 * ({@link #halfStorage}): each buffer argument is specialised to its storage, and sums stay in reals.
 */
public final class AdaptivePoolKernels implements OpKernels {
    private final boolean max;

    /** Adaptive (or global) max pooling's kernels, or with {@code max} false average pooling's. */
    AdaptivePoolKernels(boolean max) {
        this.max = max;
    }

    /** The kernels for pooling the node's input to its output size (any size, 1×1 for global pooling). */
    private String kernels(Emitter e) {
        return e.kernels(max ? "pool_adaptive_max" : "pool_adaptive_avg", new KernelTemplate.Values(e.precision())
                .i("H", e.inputType(0).shape().height()).i("W", e.inputType(0).shape().width())
                .i("OH", e.outputType().shape().height()).i("OW", e.outputType().shape().width())
                .s("XT", e.inputStorage(0)).s("YT", e.outputStorage())
                .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(0)));
    }

    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }

    @Override
    public void forward(Emitter e) {
        String k = kernels(e);
        long outputs = e.batch() * e.outputType().shape().elements();
        if (max && e.training()) {
            e.launch(k + "_forward_argmax", outputs, e.input(0), e.output(), e.savedInts("argmax", outputs));
        } else {
            e.launch(k + "_forward", outputs, e.input(0), e.output());
        }
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        String k = kernels(e);
        long inputs = e.batch() * e.inputType(0).shape().elements();
        if (max) {
            long outputs = e.batch() * e.outputType().shape().elements();
            e.launch(k + "_backward", inputs, e.gradOutput(), e.savedInts("argmax", outputs), e.gradInput(0));
        } else {
            e.launch(k + "_backward", inputs, e.gradOutput(), e.gradInput(0));
        }
    }
}
