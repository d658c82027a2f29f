package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.TensorType;

/** The output-size rule shared by convolutions and poolings, with its error messages. */
final class SlidingWindow {
    private SlidingWindow() {
    }

    /**
     * Output {@code [H_out, W_out]}, or null after reporting a kernel that leaves no output.
     * {@code what} names the op in messages; convolutions take {@code pad: same}, poolings do not,
     * and the hint says so.
     */
    static int[] output(InferContext ctx, TensorType in, int[] kernel, int[] stride, int[] dilation, Padding pad,
                        boolean ceil, String what) {
        int h = in.shape().height();
        int w = in.shape().width();
        for (int i = 0; i < 2; i++) {
            if (1 + (kernel[i] - 1L) * dilation[i] > InferContext.MAX_ELEMENTS
                    || (long) (i == 0 ? h : w) + stride[i] > InferContext.MAX_ELEMENTS) {
                ctx.attrError("kernel", String.format(java.util.Locale.ROOT, "the %s of this %s is too large: "
                        + "sizes past %,d (the limit)", dilation[i] > 1 ? "dilated kernel" : "kernel or input", what,
                        InferContext.MAX_ELEMENTS), "use a smaller kernel, dilation or input");
                return null;
            }
        }
        int kh = Geometry.effective(kernel[0], dilation[0]);
        int kw = Geometry.effective(kernel[1], dilation[1]);
        int[] p = pad.resolve(h, w, kh, kw, stride[0], stride[1]);
        if ((long) h + p[0] + p[1] > InferContext.MAX_ELEMENTS || (long) w + p[2] + p[3] > InferContext.MAX_ELEMENTS) {
            ctx.attrError("pad", String.format(java.util.Locale.ROOT, "the padded input of this %s would be more "
                    + "than %,d high or wide (the limit)", what, InferContext.MAX_ELEMENTS), "use less padding");
            return null;
        }
        int oh = Geometry.slidingOut(h, p[0], p[1], kh, stride[0], ceil);
        int ow = Geometry.slidingOut(w, p[2], p[3], kw, stride[1], ceil);
        if (oh < 1 || ow < 1) {
            int ph = h + p[0] + p[1];
            int pw = w + p[2] + p[3];
            boolean dilated = dilation[0] > 1 || dilation[1] > 1;
            String k = Geometry.dims(kernel[0], kernel[1]) + (dilated ? " (dilated: " + Geometry.dims(kh, kw) + ")" : "");
            String padded = p[0] + p[1] + p[2] + p[3] == 0 ? "input " + Geometry.dims(h, w)
                    : "padded input " + Geometry.dims(ph, pw) + " (input " + Geometry.dims(h, w) + ")";
            boolean conv = what.contains("convolution");
            int hh = kernel[0] / 2;
            int hw = kernel[1] / 2;
            String halfPad = hh == hw ? Integer.toString(hh) : "(" + hh + ", " + hw + ")";
            return fail(ctx, "kernel " + k + " of this " + what + " is larger than its " + padded,
                    conv ? "use a smaller kernel, add padding (pad: same), or downsample less before this layer"
                            : "use a smaller kernel, add padding (at most half the kernel, here pad: " + halfPad
                            + "), or downsample less before this layer");
        }
        return new int[] {oh, ow};
    }

    static Window window(int[] kernel, int[] stride, int[] dilation) {
        return Window.sliding(Geometry.effective(kernel[0], dilation[0]), Geometry.effective(kernel[1], dilation[1]),
                stride[0], stride[1]);
    }

    private static int[] fail(InferContext ctx, String message, String hint) {
        ctx.attrError("kernel", message, hint);
        return null;
    }
}
