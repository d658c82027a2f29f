package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Softmax;

/** The kernels of {@link Softmax} ({@code kernels/softmax.cl}), of softmax or its logarithm. */
public final class SoftmaxKernels implements OpKernels {
    private final boolean log;

    /** Softmax's kernels, or with {@code log} those of its logarithm. */
    SoftmaxKernels(boolean log) {
        this.log = log;
    }

    /**
     * Kernels: the tensor seen as {@code [N·before, len, after]} around the axis, one work-item per
     * lane {@code (after, N·before)} looping over the axis (forward max, sum, normalise; backward
     * from the output, so nothing is saved).
     */
    @Override
    public void forward(Emitter e) {
        e.launch(kernels(e) + "_forward", lanes(e), null, e.input(0), e.output());
    }

    @Override
    public void backward(Emitter e) {
        if (e.gradInput(0) == null) {
            return;
        }
        e.launch(kernels(e) + "_backward", lanes(e), null, e.output(), e.gradOutput(), e.gradInput(0));
    }

    private static int axis(Emitter e) {
        int axis = e.attrs().i("axis");
        return axis < 0 ? axis + e.inputType(0).shape().rank() : axis;
    }

    /** The global size {@code {inner, outer}}: elements after the axis, and the batch times those before it. */
    private static long[] lanes(Emitter e) {
        Shape s = e.inputType(0).shape();
        int ax = axis(e);
        long outer = e.batch();
        long inner = 1;
        for (int d = 0; d < s.rank(); d++) {
            if (d < ax) {
                outer *= s.dim(d);
            } else if (d > ax) {
                inner *= s.dim(d);
            }
        }
        return new long[] {inner, outer};
    }

    private String kernels(Emitter e) {
        Shape s = e.inputType(0).shape();
        int ax = axis(e);
        long inner = 1;
        for (int d = ax + 1; d < s.rank(); d++) {
            inner *= s.dim(d);
        }
        return e.kernels("softmax", new KernelTemplate.Values(e.precision()).i("LEN", s.dim(ax)).i("INNER", inner)
                .i("LOG", log ? 1 : 0));
    }
}
