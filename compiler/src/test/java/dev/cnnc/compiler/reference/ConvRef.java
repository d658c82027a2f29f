package dev.cnnc.compiler.reference;

import dev.cnnc.compiler.ir.Padding;

/**
 * Reference convolutions on NCHW tensors, forward and backward, as PyTorch defines them:
 * {@code conv} ({@code Conv2d}, weight {@code [F, C/g, K_h, K_w]}), {@code separable_conv}
 * (Keras {@code SeparableConv2D}: depthwise then pointwise) and {@code conv_transpose}
 * ({@code ConvTranspose2d}, weight {@code [C, F/g, K_h, K_w]}).
 *
 * <p>Every method is a plain loop over the formula in its comment. The backward passes run
 * the forward loop and scatter {@code dY} into each term's factors, which is the chain rule
 * for a sum of products and needs no index algebra.
 */
public final class ConvRef {
    private ConvRef() {
    }

    /**
     * Geometry of a convolution: strides, resolved zero padding {@code [top, bottom, left,
     * right]} (asymmetric allowed, as {@code pad: same} gives at even sizes), dilations and
     * channel groups.
     */
    public record Spec(int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                       int dilationH, int dilationW, int groups) {
        public Spec {
            if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1
                    || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
                throw new IllegalArgumentException("bad convolution geometry " + this);
            }
        }

        /** Stride 1, no padding, no dilation, one group. */
        public static Spec simple() {
            return new Spec(1, 1, 0, 0, 0, 0, 1, 1, 1);
        }

        /** From {@code (s_h, s_w)}, {@code [top, bottom, left, right]}, {@code (r_h, r_w)} and groups. */
        public static Spec of(int[] stride, int[] pad, int[] dilation, int groups) {
            return new Spec(stride[0], stride[1], pad[0], pad[1], pad[2], pad[3], dilation[0], dilation[1], groups);
        }

        /**
         * The padding the compiler resolves for an input of {@code inH × inW} and a
         * {@code kh × kw} kernel ({@link Padding#resolve}, with the dilated kernel extent).
         */
        public static Spec resolve(Padding pad, int inH, int inW, int kh, int kw, int[] stride, int[] dilation,
                                   int groups) {
            int[] p = pad.resolve(inH, inW, 1 + (kh - 1) * dilation[0], 1 + (kw - 1) * dilation[1],
                    stride[0], stride[1]);
            return of(stride, p, dilation, groups);
        }

        public Spec withGroups(int g) {
            return new Spec(strideH, strideW, padTop, padBottom, padLeft, padRight, dilationH, dilationW, g);
        }
    }

    /** Gradients of a convolution; {@code db} is null without a bias. */
    public record Grads(Tensor dx, Tensor dw, Tensor db) {
    }

    /** Gradients of a separable convolution; {@code db} is null without a bias. */
    public record SeparableGrads(Tensor dx, Tensor dDepthwise, Tensor dPointwise, Tensor db) {
    }

    /** Output length of a convolution: {@code ⌊(in + p0 + p1 − (r(K − 1) + 1)) / s⌋ + 1}. */
    public static int outputSize(int in, int padBefore, int padAfter, int kernel, int dilation, int stride) {
        int span = in + padBefore + padAfter - (dilation * (kernel - 1) + 1);
        if (span < 0) {
            throw new IllegalArgumentException("kernel " + kernel + " (dilation " + dilation
                    + ") does not fit input " + in + " padded by " + padBefore + "+" + padAfter);
        }
        return span / stride + 1;
    }

    // ---------------------------------------------------------------- conv

    /**
     * {@code conv}: x {@code [N, C, H, W]}, w {@code [F, C/g, K_h, K_w]}, b {@code [F]} or null.
     * <pre>
     * y[n,f,i,j] = b[f] + Σ_{c < C/g} Σ_{u < K_h} Σ_{v < K_w}
     *              w[f,c,u,v] · x[n, G·C/g + c, i·s_h − p_top + u·r_h, j·s_w − p_left + v·r_w]
     * </pre>
     * with {@code G = f / (F/g)} the group of filter f and x = 0 outside the input.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, Spec s) {
        int n = x.dim(0);
        int f = w.dim(0);
        int cg = w.dim(1);
        checkConv(x, w, b, s);
        int fg = f / s.groups();
        int oh = outputSize(x.dim(2), s.padTop(), s.padBottom(), w.dim(2), s.dilationH(), s.strideH());
        int ow = outputSize(x.dim(3), s.padLeft(), s.padRight(), w.dim(3), s.dilationW(), s.strideW());
        Tensor y = new Tensor(n, f, oh, ow);
        for (int b0 = 0; b0 < n; b0++) {
            for (int fo = 0; fo < f; fo++) {
                int group = fo / fg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = b == null ? 0 : b.get(fo);
                        for (int ci = 0; ci < cg; ci++) {
                            for (int u = 0; u < w.dim(2); u++) {
                                for (int v = 0; v < w.dim(3); v++) {
                                    int hi = i * s.strideH() - s.padTop() + u * s.dilationH();
                                    int wi = j * s.strideW() - s.padLeft() + v * s.dilationW();
                                    if (inside(x, hi, wi)) {
                                        sum += w.get(fo, ci, u, v) * x.get(b0, group * cg + ci, hi, wi);
                                    }
                                }
                            }
                        }
                        y.set(sum, b0, fo, i, j);
                    }
                }
            }
        }
        return y;
    }

    /**
     * Backward of {@link #conv2d}: for every term {@code w[f,c,u,v] · x[n,c',h,w']} of
     * {@code y[n,f,i,j]}: {@code dx[n,c',h,w'] += w·dy}, {@code dw[f,c,u,v] += x·dy};
     * {@code db[f] = Σ_{n,i,j} dy[n,f,i,j]}.
     */
    public static Grads conv2dBackward(Tensor x, Tensor w, boolean hasBias, Spec s, Tensor dy) {
        checkConv(x, w, null, s);
        int cg = w.dim(1);
        int fg = w.dim(0) / s.groups();
        Tensor dx = x.zerosLike();
        Tensor dw = w.zerosLike();
        Tensor db = hasBias ? new Tensor(w.dim(0)) : null;
        for (int b0 = 0; b0 < dy.dim(0); b0++) {
            for (int fo = 0; fo < dy.dim(1); fo++) {
                int group = fo / fg;
                for (int i = 0; i < dy.dim(2); i++) {
                    for (int j = 0; j < dy.dim(3); j++) {
                        double g = dy.get(b0, fo, i, j);
                        if (db != null) {
                            db.add(g, fo);
                        }
                        for (int ci = 0; ci < cg; ci++) {
                            for (int u = 0; u < w.dim(2); u++) {
                                for (int v = 0; v < w.dim(3); v++) {
                                    int hi = i * s.strideH() - s.padTop() + u * s.dilationH();
                                    int wi = j * s.strideW() - s.padLeft() + v * s.dilationW();
                                    if (inside(x, hi, wi)) {
                                        int cin = group * cg + ci;
                                        dx.add(w.get(fo, ci, u, v) * g, b0, cin, hi, wi);
                                        dw.add(x.get(b0, cin, hi, wi) * g, fo, ci, u, v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Grads(dx, dw, db);
    }

    private static void checkConv(Tensor x, Tensor w, Tensor b, Spec s) {
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv needs x [N,C,H,W] and w [F,C/g,KH,KW]");
        }
        if (x.dim(1) != w.dim(1) * s.groups() || w.dim(0) % s.groups() != 0) {
            throw new IllegalArgumentException("channels " + x.dim(1) + ", weight " + java.util.Arrays.toString(w.shape())
                    + " and groups " + s.groups() + " disagree");
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("bias must be [F]");
        }
    }

    // ---------------------------------------------------------------- separable_conv

    /**
     * {@code separable_conv} (Keras {@code SeparableConv2D}): a depthwise convolution with
     * {@code dw [C·m, 1, K_h, K_w]} (groups = C; output channel {@code c·m + k} reads input
     * channel c), no bias, using {@code s}'s stride, padding and dilation; then a 1×1
     * convolution with {@code pw [F, C·m, 1, 1]} and bias {@code b [F]} (or null):
     * {@code y = conv2d(conv2d(x, dw, –, s with groups C), pw, b, stride 1)}.
     * {@code s.groups()} must be 1.
     */
    public static Tensor separableConv2d(Tensor x, Tensor depthwise, Tensor pointwise, Tensor b, Spec s) {
        Tensor mid = conv2d(x, depthwise, null, depthwiseSpec(x, s));
        return conv2d(mid, pointwise, b, Spec.simple());
    }

    /** Backward of {@link #separableConv2d}: the chain rule through its two convolutions. */
    public static SeparableGrads separableConv2dBackward(Tensor x, Tensor depthwise, Tensor pointwise,
                                                         boolean hasBias, Spec s, Tensor dy) {
        Spec ds = depthwiseSpec(x, s);
        Tensor mid = conv2d(x, depthwise, null, ds);
        Grads pg = conv2dBackward(mid, pointwise, hasBias, Spec.simple(), dy);
        Grads dg = conv2dBackward(x, depthwise, false, ds, pg.dx());
        return new SeparableGrads(dg.dx(), dg.dw(), pg.dw(), pg.db());
    }

    private static Spec depthwiseSpec(Tensor x, Spec s) {
        if (s.groups() != 1) {
            throw new IllegalArgumentException("separable_conv has no groups option; pass a spec with groups 1");
        }
        return s.withGroups(x.dim(1));
    }

    // ---------------------------------------------------------------- conv_transpose

    /**
     * Geometry of a transposed convolution (PyTorch {@code ConvTranspose2d}): stride,
     * symmetric padding (p_h, p_w), output padding, dilation, groups.
     */
    public record TransposeSpec(int strideH, int strideW, int padH, int padW, int outputPadH, int outputPadW,
                                int dilationH, int dilationW, int groups) {
        public TransposeSpec {
            if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || groups < 1 || padH < 0 || padW < 0
                    || outputPadH < 0 || outputPadW < 0) {
                throw new IllegalArgumentException("bad transposed convolution geometry " + this);
            }
        }
    }

    /** {@code H_out = (H − 1)·s − 2p + r·(K − 1) + output_padding + 1}. */
    public static int transposeOutputSize(int in, int stride, int pad, int kernel, int dilation, int outputPad) {
        return (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPad + 1;
    }

    /**
     * {@code conv_transpose}: x {@code [N, C, H, W]}, w {@code [C, F/g, K_h, K_w]}, b {@code [F]}
     * or null. Each input element spreads over a kernel-sized patch of the output:
     * <pre>
     * y[n, G·F/g + f, h·s_h − p_h + u·r_h, w·s_w − p_w + v·r_w] += x[n,c,h,w] · w[c,f,u,v]
     * </pre>
     * with {@code G = c / (C/g)}, terms outside the output dropped, then {@code y[n,f,·,·] += b[f]}.
     * (This is the adjoint of {@link #conv2d} with the same geometry.)
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, TransposeSpec s) {
        checkTranspose(x, w, b, s);
        int c = x.dim(1);
        int cg = c / s.groups();
        int fg = w.dim(1);
        int f = fg * s.groups();
        int oh = transposeOutputSize(x.dim(2), s.strideH(), s.padH(), w.dim(2), s.dilationH(), s.outputPadH());
        int ow = transposeOutputSize(x.dim(3), s.strideW(), s.padW(), w.dim(3), s.dilationW(), s.outputPadW());
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("transposed convolution leaves no output");
        }
        Tensor y = new Tensor(x.dim(0), f, oh, ow);
        for (int n = 0; n < x.dim(0); n++) {
            for (int fo = 0; fo < f; fo++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        y.set(b == null ? 0 : b.get(fo), n, fo, i, j);
                    }
                }
            }
            for (int ci = 0; ci < c; ci++) {
                int group = ci / cg;
                for (int h = 0; h < x.dim(2); h++) {
                    for (int wi = 0; wi < x.dim(3); wi++) {
                        for (int fi = 0; fi < fg; fi++) {
                            for (int u = 0; u < w.dim(2); u++) {
                                for (int v = 0; v < w.dim(3); v++) {
                                    int yo = h * s.strideH() - s.padH() + u * s.dilationH();
                                    int xo = wi * s.strideW() - s.padW() + v * s.dilationW();
                                    if (inside(y, yo, xo)) {
                                        y.add(x.get(n, ci, h, wi) * w.get(ci, fi, u, v), n, group * fg + fi, yo, xo);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Backward of {@link #convTranspose2d}: for every term {@code x[n,c,h,w]·w[c,f,u,v]} added
     * to {@code y[n,f',i,j]}: {@code dx[n,c,h,w] += w·dy}, {@code dw[c,f,u,v] += x·dy};
     * {@code db[f] = Σ_{n,i,j} dy[n,f,i,j]}.
     */
    public static Grads convTranspose2dBackward(Tensor x, Tensor w, boolean hasBias, TransposeSpec s, Tensor dy) {
        checkTranspose(x, w, null, s);
        int cg = x.dim(1) / s.groups();
        int fg = w.dim(1);
        Tensor dx = x.zerosLike();
        Tensor dw = w.zerosLike();
        Tensor db = hasBias ? new Tensor(fg * s.groups()) : null;
        for (int n = 0; n < dy.dim(0); n++) {
            if (db != null) {
                for (int fo = 0; fo < dy.dim(1); fo++) {
                    for (int i = 0; i < dy.dim(2); i++) {
                        for (int j = 0; j < dy.dim(3); j++) {
                            db.add(dy.get(n, fo, i, j), fo);
                        }
                    }
                }
            }
            for (int ci = 0; ci < x.dim(1); ci++) {
                int group = ci / cg;
                for (int h = 0; h < x.dim(2); h++) {
                    for (int wi = 0; wi < x.dim(3); wi++) {
                        for (int fi = 0; fi < fg; fi++) {
                            for (int u = 0; u < w.dim(2); u++) {
                                for (int v = 0; v < w.dim(3); v++) {
                                    int yo = h * s.strideH() - s.padH() + u * s.dilationH();
                                    int xo = wi * s.strideW() - s.padW() + v * s.dilationW();
                                    if (inside(dy, yo, xo)) {
                                        double g = dy.get(n, group * fg + fi, yo, xo);
                                        dx.add(w.get(ci, fi, u, v) * g, n, ci, h, wi);
                                        dw.add(x.get(n, ci, h, wi) * g, ci, fi, u, v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Grads(dx, dw, db);
    }

    private static void checkTranspose(Tensor x, Tensor w, Tensor b, TransposeSpec s) {
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("conv_transpose needs x [N,C,H,W] and w [C,F/g,KH,KW]");
        }
        if (w.dim(0) != x.dim(1) || x.dim(1) % s.groups() != 0) {
            throw new IllegalArgumentException("weight " + java.util.Arrays.toString(w.shape()) + " does not match "
                    + x.dim(1) + " input channels in " + s.groups() + " groups");
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != w.dim(1) * s.groups())) {
            throw new IllegalArgumentException("bias must be [F]");
        }
    }

    /** Whether (h, w) lies inside the spatial extent of an NCHW tensor. */
    static boolean inside(Tensor t, int h, int w) {
        return h >= 0 && h < t.dim(2) && w >= 0 && w < t.dim(3);
    }
}
