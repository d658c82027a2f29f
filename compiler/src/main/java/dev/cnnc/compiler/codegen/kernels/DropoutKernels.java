package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ops.Dropout;

/**
 * The kernels of {@link Dropout} ({@code kernels/dropout.cl}): in training, one work-item per mask
 * element (each element, or each (n, c) feature map for spatial dropout) draws keep/drop from a
 * counter-based hash of the run-time variable {@code seed}, the layer's name
 * ({@link Dropout#salt}) and the element's index, and saves the 0/1 mask; one per element applies
 * {@code y = x·mask/(1 − p)}, and backward {@code dx += dy·mask/(1 − p)}. The same seed gives the
 * same mask on any device and in any precision. In inference, a copy. The kernels read and write
 * fp16 activations and gradients themselves ({@link #halfStorage}); the mask stays real.
 */
public final class DropoutKernels implements OpKernels {
    private final boolean spatial;

    /** Dropout's kernels, or with {@code spatial} those of spatial dropout. */
    DropoutKernels(boolean spatial) {
        this.spatial = spatial;
    }

    /** Elements that share one mask element: a feature map's H·W for spatial dropout, else 1. */
    private long group(Emitter e) {
        return spatial ? e.inputType(0).shape().elements() / e.inputType(0).shape().dim(0) : 1;
    }

    private String kernels(Emitter e) {
        double p = e.attrs().f("p");
        // Kept when the draw's top 32 bits are >= p·2^32: probability 1 − p.
        long threshold = Math.round(p * 4294967296.0);
        return e.kernels("dropout", new KernelTemplate.Values(e.precision()).i("GROUP", group(e))
                .i("THRESHOLD", threshold).r("SCALE", 1 / (1 - p))
                .s("SALT", "0x" + Long.toHexString(Dropout.salt(e.node().name())) + "UL")
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
        long elements = e.batch() * e.outputType().shape().elements();
        if (!e.training()) {
            e.launch(k + "_copy", elements, e.input(0), e.output());
            return;
        }
        long draws = elements / group(e);
        e.launch(k + "_mask", draws, e.variable("seed"), e.saved("mask", draws));
        e.launch(k + "_forward", elements, e.input(0), e.saved("mask", draws), e.output());
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        String k = kernels(e);
        long elements = e.batch() * e.outputType().shape().elements();
        if (!e.training()) {
            e.launch(k + "_backward_copy", elements, e.gradOutput(), e.gradInput(0));
            return;
        }
        long draws = elements / group(e);
        e.launch(k + "_backward", elements, e.gradOutput(), e.saved("mask", draws), e.gradInput(0));
    }
}
