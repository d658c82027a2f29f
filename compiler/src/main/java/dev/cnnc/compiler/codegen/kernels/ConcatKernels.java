package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Concat;

/** The kernels of {@link Concat} ({@code kernels/concat.cl}). */
public final class ConcatKernels implements OpKernels {
    /**
     * Kernels: one copy per input into its slice of the output (forward) and from its slice of the
     * output's gradient (backward), one work-item per element of that input, over a 2-D range
     * (element of the slice, outer index). The sizes are kernel arguments, so every concatenation of
     * a model (and of every model) launches the same two kernels, for each combination of storages
     * (an input and its gradient real or half, the output and its gradient real or half): they read
     * and write fp16 buffers themselves ({@link #halfStorage}).
     */
    @Override
    public void forward(Emitter e) {
        for (int i = 0; i < e.node().inputs().size(); i++) {
            long[] s = slice(e, i);
            e.launch(kernels(e, i) + "_forward", new long[] {s[0], s[3]}, null, e.input(i), e.output(), s[0], s[1],
                    s[2]);
        }
    }

    @Override
    public void backward(Emitter e) {
        for (int i = 0; i < e.node().inputs().size(); i++) {
            if (e.gradInput(i) != null) {
                long[] s = slice(e, i);
                e.launch(kernels(e, i) + "_backward", new long[] {s[0], s[3]}, null, e.gradOutput(), e.gradInput(i),
                        s[0], s[1], s[2]);
            }
        }
    }

    private static int axis(Emitter e) {
        int axis = e.attrs().i("axis");
        return axis < 0 ? axis + e.outputType().shape().rank() : axis;
    }

    /**
     * Input {@code input}'s run in the output, in elements: {slice (its length along the axis ×
     * INNER), the output's row (total length × INNER), its offset in the row, the outer count
     * (batch × the dimensions before the axis)}.
     */
    private static long[] slice(Emitter e, int input) {
        Shape out = e.outputType().shape();
        int ax = axis(e);
        long inner = 1;
        for (int d = ax + 1; d < out.rank(); d++) {
            inner *= out.dim(d);
        }
        long outer = e.batch();
        for (int d = 0; d < ax; d++) {
            outer *= out.dim(d);
        }
        long offset = 0;
        for (int i = 0; i < input; i++) {
            offset += e.inputType(i).shape().dim(ax);
        }
        return new long[] {e.inputType(input).shape().dim(ax) * inner, out.dim(ax) * inner, offset * inner, outer};
    }

    /** The copy kernels of input {@code input}: one text for every concatenation with its storages. */
    private static String kernels(Emitter e, int input) {
        return e.kernels("concat", new KernelTemplate.Values(e.precision()).s("XT", e.inputStorage(input))
                .s("YT", e.outputStorage()).s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(input)));
    }

    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }
}
