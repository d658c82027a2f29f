package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ops.Pool;

/**
 * The kernels of {@link Pool} ({@code pool_max.cl}, {@code pool_avg.cl}): one work-item per output
 * element forward; backward one work-item per input element, looping over the windows that contain
 * it. Windows inside the input get unrolled, branch-free variants (a CPU compiler vectorises
 * work-items only without loops): max pooling's argmax, average pooling's sum, and for disjoint
 * average windows a backward, one work-item per input row, that reads the one window an element
 * lies in.
 * Max pooling pads with −∞ and sends the gradient to the first maximum of each window in
 * row-major order (PyTorch's CPU choice), whose index it keeps from forward in training.
 * The kernels read and write fp16 activations and gradients themselves ({@link #halfStorage}):
 * each buffer argument is specialised to its storage, and sums stay in reals.
 */
public final class PoolKernels implements OpKernels {
    private final boolean max;

    /** Max pooling's kernels, or with {@code max} false average pooling's. */
    PoolKernels(boolean max) {
        this.max = max;
    }

    private KernelTemplate.Values values(Emitter e) {
        Attrs a = e.attrs();
        int[] k = a.pair("kernel");
        int[] s = Pool.stride(a);
        int[] p = a.pair("pad");
        int[] in = {e.inputType(0).shape().height(), e.inputType(0).shape().width()};
        int[] out = {e.outputType().shape().height(), e.outputType().shape().width()};
        KernelTemplate.Values v = new KernelTemplate.Values(e.precision())
                .i("H", in[0]).i("W", in[1]).i("OH", out[0]).i("OW", out[1])
                .i("KH", k[0]).i("KW", k[1]).i("SH", s[0]).i("SW", s[1]).i("PH", p[0]).i("PW", p[1])
                .s("XT", e.inputStorage(0)).s("YT", e.outputStorage())
                .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(0));
        if (max) {
            int[] d = Pool.dilation(a);
            v.i("DH", d[0]).i("DW", d[1]).i("TAPS", k[0] * k[1]).s("WINDOW", insideWindow(k, d, in[1], e.inputStorage(0)));
        } else {
            v.i("INCLUDE_PAD", a.b("count_include_pad") ? 1 : 0).s("WINDOW", sumWindow(k, in[1], e.inputStorage(0)));
        }
        return v;
    }

    private String kernels(Emitter e) {
        return e.kernels(max ? "pool_max" : "pool_avg", values(e));
    }

    @Override
    public void forward(Emitter e) {
        String k = kernels(e);
        long outputs = e.batch() * e.outputType().shape().elements();
        if (max && inside(e)) {
            if (e.training()) {
                e.launch(k + "_forward_argmax_inside", outputs, e.input(0), e.output(),
                        e.savedInts("argmax", outputs));
            } else {
                e.launch(k + "_forward_inside", outputs, e.input(0), e.output());
            }
        } else if (max) {
            long rows = outputs / e.outputType().shape().width(); // max pooling: one work-item per output row
            if (e.training()) {
                e.launch(k + "_forward_argmax", rows, e.input(0), e.output(), e.savedInts("argmax", outputs));
            } else {
                e.launch(k + "_forward", rows, e.input(0), e.output());
            }
        } else if (inside(e)) {
            e.launch(k + "_forward_inside", outputs, e.input(0), e.output());
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
            // one work-item per row: of outputs when windows are disjoint, else of inputs
            if (disjoint(e.node().attrs())) {
                e.launch(k + "_backward_disjoint", outputs / e.outputType().shape().width(), e.gradOutput(),
                        e.savedInts("argmax", outputs), e.gradInput(0));
            } else {
                e.launch(k + "_backward", inputs / e.inputType(0).shape().width(), e.gradOutput(),
                        e.savedInts("argmax", outputs), e.gradInput(0));
            }
        } else if (inside(e) && disjoint(e.node().attrs())) {
            // the gradient's first writer overwrites it (every element), so it is not zeroed first
            e.launch(k + "_backward_disjoint_inside", inputs / e.inputType(0).shape().width(), e.gradOutput(),
                    e.gradInput(0), e.firstGradient(0) ? 0 : 1);
        } else {
            e.launch(k + "_backward", inputs, e.gradOutput(), e.gradInput(0));
        }
    }

    /**
     * The sum over an average-pooling window inside the input, unrolled, row by row as the
     * general kernel's loops add: {@code sum += LOAD_T(p, offset)} per tap, T the input's storage.
     */
    private static String sumWindow(int[] k, int width, String storage) {
        StringBuilder b = new StringBuilder();
        for (int u = 0; u < k[0]; u++) {
            for (int v = 0; v < k[1]; v++) {
                b.append("    sum += LOAD_").append(storage).append("(p, ").append(u * width + v).append(");\n");
            }
        }
        return b.toString().stripTrailing();
    }

    /**
     * The taps after the first of a window inside the input, unrolled: each one a tap's offset
     * from the window's corner, taken when greater than the maximum so far or NaN (read in the
     * input's storage).
     */
    private static String insideWindow(int[] k, int[] d, int width, String storage) {
        StringBuilder b = new StringBuilder();
        for (int u = 0; u < k[0]; u++) {
            for (int v = 0; v < k[1]; v++) {
                if (u + v == 0) {
                    continue;
                }
                int off = u * d[0] * width + v * d[1];
                b.append("    {\n        const real t = LOAD_").append(storage).append("(p, ").append(off)
                        .append(");\n")
                        .append("        const bool take = t > max || isnan(t);\n")
                        .append("        max = take ? t : max;\n")
                        .append("        best = take ? ").append(off).append(" : best;\n    }\n");
            }
        }
        return b.toString();
    }

    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }

    /** Whether every pooling window lies inside the input: no padding, none past an edge. */
    private boolean inside(Emitter e) {
        Attrs a = e.node().attrs();
        int[] k = a.pair("kernel");
        int[] s = Pool.stride(a);
        int[] d = Pool.dilation(a);
        int[] p = a.pair("pad");
        var in = e.inputType(0).shape();
        var out = e.outputType().shape();
        return p[0] == 0 && p[1] == 0 && (out.height() - 1) * s[0] + (k[0] - 1) * d[0] < in.height()
                && (out.width() - 1) * s[1] + (k[1] - 1) * d[1] < in.width();
    }

    /**
     * Whether no two pooling windows share an input element: the stride covers the dilated
     * window along both axes (2×2 windows at stride 2, the common case).
     */
    private static boolean disjoint(Attrs a) {
        int[] k = a.pair("kernel");
        int[] s = Pool.stride(a);
        int[] d = Pool.dilation(a);
        return s[0] >= (k[0] - 1) * d[0] + 1 && s[1] >= (k[1] - 1) * d[1] + 1;
    }
}
