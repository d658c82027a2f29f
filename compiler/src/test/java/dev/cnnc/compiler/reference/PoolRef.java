package dev.cnnc.compiler.reference;

/**
 * Reference poolings on NCHW tensors, forward and backward, as PyTorch defines them:
 * {@code maxpool}/{@code avgpool} ({@code MaxPool2d}/{@code AvgPool2d}),
 * {@code global_avgpool}/{@code global_maxpool}, {@code adaptive_avgpool}/{@code adaptive_maxpool}
 * and {@code fractional_maxpool}. Outputs keep the batch and channels: {@code [N, C, h, w]}.
 *
 * <p>Max-type backward passes send {@code dY} to the first maximum of each window in row-major
 * scan order (PyTorch's CPU choice); with distinct inputs there is only one. A window
 * with no input element is an error for max pooling (it cannot occur under PyTorch's rule
 * {@code pad ≤ kernel / 2} without dilation).
 */
public final class PoolRef {
    private PoolRef() {
    }

    /**
     * Geometry of {@code maxpool}/{@code avgpool}: kernel, stride, symmetric padding
     * {@code (p_h, p_w)}, dilation (1 for average pooling) and {@code ceil_mode}.
     */
    public record Spec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                       int dilationH, int dilationW, boolean ceilMode) {
        public Spec {
            if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                    || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("bad pooling geometry " + this);
            }
            if (padH > kernelH / 2 || padW > kernelW / 2) {
                throw new IllegalArgumentException("padding must be at most half the kernel (PyTorch): " + this);
            }
        }

        /** The language's defaults: stride = kernel, no padding, no dilation, floor mode. */
        public static Spec of(int kh, int kw) {
            return new Spec(kh, kw, kh, kw, 0, 0, 1, 1, false);
        }
    }

    /**
     * PyTorch's output length: {@code ⌊(in + 2p − r(K − 1) − 1 [+ s − 1 if ceil]) / s⌋ + 1},
     * minus one in ceil mode when the last window would start beyond {@code in + p}
     * (inside the trailing padding).
     */
    public static int outputSize(int in, int kernel, int stride, int pad, int dilation, boolean ceil) {
        int num = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
        if (in + 2 * pad - dilation * (kernel - 1) - 1 < 0) {
            throw new IllegalArgumentException("pooling window larger than the padded input");
        }
        int out = Math.floorDiv(num, stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) {
            out--;
        }
        return out;
    }

    private static int[] outputHW(Tensor x, Spec s) {
        return new int[] {
            outputSize(x.dim(2), s.kernelH(), s.strideH(), s.padH(), s.dilationH(), s.ceilMode()),
            outputSize(x.dim(3), s.kernelW(), s.strideW(), s.padW(), s.dilationW(), s.ceilMode())};
    }

    // ---------------------------------------------------------------- maxpool

    /**
     * {@code maxpool}: {@code y[n,c,i,j] = max_{u<K_h, v<K_w} x[n,c, i·s_h − p_h + u·r_h, j·s_w − p_w + v·r_w]}
     * over the positions inside the input (padding is −∞).
     */
    public static Tensor maxPool(Tensor x, Spec s) {
        int[] o = outputHW(x, s);
        Tensor y = new Tensor(x.dim(0), x.dim(1), o[0], o[1]);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < o[0]; i++) {
                    for (int j = 0; j < o[1]; j++) {
                        int[] at = maxPoolArgmax(x, s, n, c, i, j);
                        y.set(x.get(n, c, at[0], at[1]), n, c, i, j);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #maxPool}: {@code dx[argmax of window (i,j)] += dy[n,c,i,j]}. */
    public static Tensor maxPoolBackward(Tensor x, Spec s, Tensor dy) {
        Tensor dx = x.zerosLike();
        for (int n = 0; n < dy.dim(0); n++) {
            for (int c = 0; c < dy.dim(1); c++) {
                for (int i = 0; i < dy.dim(2); i++) {
                    for (int j = 0; j < dy.dim(3); j++) {
                        int[] at = maxPoolArgmax(x, s, n, c, i, j);
                        dx.add(dy.get(n, c, i, j), n, c, at[0], at[1]);
                    }
                }
            }
        }
        return dx;
    }

    /** (row, col) of the first maximum of window (i, j), scanning rows then columns. */
    private static int[] maxPoolArgmax(Tensor x, Spec s, int n, int c, int i, int j) {
        int[] best = null;
        double max = Double.NEGATIVE_INFINITY;
        for (int u = 0; u < s.kernelH(); u++) {
            for (int v = 0; v < s.kernelW(); v++) {
                int h = i * s.strideH() - s.padH() + u * s.dilationH();
                int w = j * s.strideW() - s.padW() + v * s.dilationW();
                if (ConvRef.inside(x, h, w) && (best == null || x.get(n, c, h, w) > max)) {
                    best = new int[] {h, w};
                    max = x.get(n, c, h, w);
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("max pooling window (" + i + ", " + j + ") holds no input element");
        }
        return best;
    }

    // ---------------------------------------------------------------- avgpool

    /**
     * {@code avgpool} (PyTorch {@code AvgPool2d}, no dilation): window rows
     * {@code h0 = i·s − p .. h1 = min(h0 + K, H + p)} (likewise columns); the sum of the input
     * elements in {@code [max(h0,0), min(h1,H))} divided by
     * <ul>
     * <li>{@code count_include_pad}: {@code (h1 − h0)·(w1 − w0)}, i.e. the window clipped to the
     *     padded input (a ceil-mode window running past the padding counts only up to it);</li>
     * <li>otherwise: the number of input elements in the window.</li>
     * </ul>
     * A window with no input element gives 0.
     */
    public static Tensor avgPool(Tensor x, Spec s, boolean countIncludePad) {
        requireNoDilation(s);
        int[] o = outputHW(x, s);
        Tensor y = new Tensor(x.dim(0), x.dim(1), o[0], o[1]);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < o[0]; i++) {
                    for (int j = 0; j < o[1]; j++) {
                        int[] win = avgWindow(x, s, countIncludePad, i, j);
                        double sum = 0;
                        for (int h = win[0]; h < win[1]; h++) {
                            for (int w = win[2]; w < win[3]; w++) {
                                sum += x.get(n, c, h, w);
                            }
                        }
                        y.set(win[4] == 0 ? 0 : sum / win[4], n, c, i, j);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #avgPool}: each input element of window (i,j) gets {@code dy[n,c,i,j] / divisor}. */
    public static Tensor avgPoolBackward(Tensor x, Spec s, boolean countIncludePad, Tensor dy) {
        requireNoDilation(s);
        Tensor dx = x.zerosLike();
        for (int n = 0; n < dy.dim(0); n++) {
            for (int c = 0; c < dy.dim(1); c++) {
                for (int i = 0; i < dy.dim(2); i++) {
                    for (int j = 0; j < dy.dim(3); j++) {
                        int[] win = avgWindow(x, s, countIncludePad, i, j);
                        for (int h = win[0]; h < win[1]; h++) {
                            for (int w = win[2]; w < win[3]; w++) {
                                dx.add(dy.get(n, c, i, j) / win[4], n, c, h, w);
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** {@code [hStart, hEnd, wStart, wEnd, divisor]} of window (i, j), the ranges clipped to the input. */
    private static int[] avgWindow(Tensor x, Spec s, boolean countIncludePad, int i, int j) {
        int h0 = i * s.strideH() - s.padH();
        int w0 = j * s.strideW() - s.padW();
        int h1 = Math.min(h0 + s.kernelH(), x.dim(2) + s.padH());
        int w1 = Math.min(w0 + s.kernelW(), x.dim(3) + s.padW());
        int padded = (h1 - h0) * (w1 - w0);
        h0 = Math.max(h0, 0);
        w0 = Math.max(w0, 0);
        h1 = Math.min(h1, x.dim(2));
        w1 = Math.min(w1, x.dim(3));
        if (h0 >= h1 || w0 >= w1) {
            return new int[] {0, 0, 0, 0, 0};
        }
        int divisor = countIncludePad ? padded : (h1 - h0) * (w1 - w0);
        return new int[] {h0, h1, w0, w1, divisor};
    }

    private static void requireNoDilation(Spec s) {
        if (s.dilationH() != 1 || s.dilationW() != 1) {
            throw new IllegalArgumentException("avgpool has no dilation");
        }
    }

    // ---------------------------------------------------------------- global pools

    /** {@code global_avgpool}: {@code y[n,c,0,0] = (1/HW) Σ_{h,w} x[n,c,h,w]}. */
    public static Tensor globalAvgPool(Tensor x) {
        return adaptiveAvgPool(x, 1, 1);
    }

    /** Backward of {@link #globalAvgPool}: {@code dx[n,c,h,w] = dy[n,c,0,0] / HW}. */
    public static Tensor globalAvgPoolBackward(Tensor x, Tensor dy) {
        return adaptiveAvgPoolBackward(x, dy);
    }

    /** {@code global_maxpool}: {@code y[n,c,0,0] = max_{h,w} x[n,c,h,w]}. */
    public static Tensor globalMaxPool(Tensor x) {
        return adaptiveMaxPool(x, 1, 1);
    }

    /** Backward of {@link #globalMaxPool}: all of {@code dy[n,c,0,0]} to the argmax. */
    public static Tensor globalMaxPoolBackward(Tensor x, Tensor dy) {
        return adaptiveMaxPoolBackward(x, dy);
    }

    // ---------------------------------------------------------------- adaptive pools

    /** Adaptive region start: {@code ⌊i·in / out⌋}. */
    public static int adaptiveStart(int i, int in, int out) {
        return Math.floorDiv(i * in, out);
    }

    /** Adaptive region end (exclusive): {@code ⌈(i + 1)·in / out⌉}. */
    public static int adaptiveEnd(int i, int in, int out) {
        return -Math.floorDiv(-(i + 1) * in, out);
    }

    /**
     * {@code adaptive_avgpool} to {@code oh × ow}: {@code y[n,c,i,j]} is the mean of x over rows
     * {@code [⌊iH/oh⌋, ⌈(i+1)H/oh⌉)} and columns {@code [⌊jW/ow⌋, ⌈(j+1)W/ow⌉)}.
     */
    public static Tensor adaptiveAvgPool(Tensor x, int oh, int ow) {
        Tensor y = new Tensor(x.dim(0), x.dim(1), oh, ow);
        int h = x.dim(2);
        int w = x.dim(3);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double sum = 0;
                        int count = 0;
                        for (int r = adaptiveStart(i, h, oh); r < adaptiveEnd(i, h, oh); r++) {
                            for (int q = adaptiveStart(j, w, ow); q < adaptiveEnd(j, w, ow); q++) {
                                sum += x.get(n, c, r, q);
                                count++;
                            }
                        }
                        y.set(sum / count, n, c, i, j);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #adaptiveAvgPool}: each element of region (i,j) gets {@code dy[n,c,i,j] / |region|}. */
    public static Tensor adaptiveAvgPoolBackward(Tensor x, Tensor dy) {
        Tensor dx = x.zerosLike();
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = dy.dim(2);
        int ow = dy.dim(3);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int rows = adaptiveEnd(i, h, oh) - adaptiveStart(i, h, oh);
                        int cols = adaptiveEnd(j, w, ow) - adaptiveStart(j, w, ow);
                        for (int r = adaptiveStart(i, h, oh); r < adaptiveEnd(i, h, oh); r++) {
                            for (int q = adaptiveStart(j, w, ow); q < adaptiveEnd(j, w, ow); q++) {
                                dx.add(dy.get(n, c, i, j) / (rows * cols), n, c, r, q);
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    /** {@code adaptive_maxpool} to {@code oh × ow}: the maximum over the regions of {@link #adaptiveAvgPool}. */
    public static Tensor adaptiveMaxPool(Tensor x, int oh, int ow) {
        Tensor y = new Tensor(x.dim(0), x.dim(1), oh, ow);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int[] at = adaptiveArgmax(x, n, c, i, j, oh, ow);
                        y.set(x.get(n, c, at[0], at[1]), n, c, i, j);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #adaptiveMaxPool}: {@code dy[n,c,i,j]} to the argmax of region (i,j). */
    public static Tensor adaptiveMaxPoolBackward(Tensor x, Tensor dy) {
        Tensor dx = x.zerosLike();
        for (int n = 0; n < dy.dim(0); n++) {
            for (int c = 0; c < dy.dim(1); c++) {
                for (int i = 0; i < dy.dim(2); i++) {
                    for (int j = 0; j < dy.dim(3); j++) {
                        int[] at = adaptiveArgmax(x, n, c, i, j, dy.dim(2), dy.dim(3));
                        dx.add(dy.get(n, c, i, j), n, c, at[0], at[1]);
                    }
                }
            }
        }
        return dx;
    }

    private static int[] adaptiveArgmax(Tensor x, int n, int c, int i, int j, int oh, int ow) {
        int h = x.dim(2);
        int w = x.dim(3);
        int[] best = null;
        for (int r = adaptiveStart(i, h, oh); r < adaptiveEnd(i, h, oh); r++) {
            for (int q = adaptiveStart(j, w, ow); q < adaptiveEnd(j, w, ow); q++) {
                if (best == null || x.get(n, c, r, q) > x.get(n, c, best[0], best[1])) {
                    best = new int[] {r, q};
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- fractional_maxpool

    /**
     * Where the windows of a fractional max pooling lie, chosen per sample and channel:
     * output cell {@code (i, j)} of channel c of sample n is the maximum of the
     * {@code K_h × K_w} block whose top-left corner is {@code (rows[n][c][i], cols[n][c][j])}.
     * Every window must lie inside the input.
     */
    public record Regions(int[][][] rows, int[][][] cols) {
        /**
         * The regions PyTorch's {@code fractional_max_pool2d} draws from {@code _random_samples}
         * {@code u [N, C, 2]} (u[n,c,0] places the columns, u[n,c,1] the rows), see
         * {@link #fractionalStarts}.
         */
        public static Regions fromSamples(Tensor samples, int inH, int inW, int outH, int outW, int kh, int kw) {
            int n = samples.dim(0);
            int c = samples.dim(1);
            int[][][] rows = new int[n][c][];
            int[][][] cols = new int[n][c][];
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    cols[b][ch] = fractionalStarts(samples.get(b, ch, 0), inW, outW, kw);
                    rows[b][ch] = fractionalStarts(samples.get(b, ch, 1), inH, outH, kh);
                }
            }
            return new Regions(rows, cols);
        }
    }

    /**
     * PyTorch's pseudo-random window starts along one axis for a sample {@code u ∈ [0, 1)}:
     * with {@code α = (in − K) / (out − 1)}, start {@code i = ⌊(i + u)·α⌋ − ⌊u·α⌋} for
     * {@code i < out − 1}, and the last window ends at the input's end: {@code in − K}.
     */
    public static int[] fractionalStarts(double u, int in, int out, int kernel) {
        if (out + kernel - 1 > in) {
            throw new IllegalArgumentException("output " + out + " with kernel " + kernel + " needs input "
                    + (out + kernel - 1) + ", got " + in);
        }
        int[] starts = new int[out];
        if (out > 1) {
            double alpha = (double) (in - kernel) / (out - 1);
            for (int i = 0; i < out - 1; i++) {
                starts[i] = (int) ((i + u) * alpha) - (int) (u * alpha);
            }
        }
        starts[out - 1] = in - kernel;
        return starts;
    }

    /**
     * {@code fractional_maxpool}: {@code y[n,c,i,j] = max_{u<K_h, v<K_w} x[n,c, rows[n][c][i] + u, cols[n][c][j] + v]};
     * the output is {@code [N, C, rows[n][c].length, cols[n][c].length]}.
     */
    public static Tensor fractionalMaxPool(Tensor x, int kh, int kw, Regions r) {
        int oh = r.rows()[0][0].length;
        int ow = r.cols()[0][0].length;
        Tensor y = new Tensor(x.dim(0), x.dim(1), oh, ow);
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int[] at = fractionalArgmax(x, kh, kw, r, n, c, i, j);
                        y.set(x.get(n, c, at[0], at[1]), n, c, i, j);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #fractionalMaxPool}: {@code dy[n,c,i,j]} to the argmax of window (i,j). */
    public static Tensor fractionalMaxPoolBackward(Tensor x, int kh, int kw, Regions r, Tensor dy) {
        Tensor dx = x.zerosLike();
        for (int n = 0; n < dy.dim(0); n++) {
            for (int c = 0; c < dy.dim(1); c++) {
                for (int i = 0; i < dy.dim(2); i++) {
                    for (int j = 0; j < dy.dim(3); j++) {
                        int[] at = fractionalArgmax(x, kh, kw, r, n, c, i, j);
                        dx.add(dy.get(n, c, i, j), n, c, at[0], at[1]);
                    }
                }
            }
        }
        return dx;
    }

    private static int[] fractionalArgmax(Tensor x, int kh, int kw, Regions r, int n, int c, int i, int j) {
        int[] best = null;
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) {
                int h = r.rows()[n][c][i] + u;
                int w = r.cols()[n][c][j] + v;
                // x.get range-checks: a window outside the input is an error, not padding
                if (best == null || x.get(n, c, h, w) > x.get(n, c, best[0], best[1])) {
                    best = new int[] {h, w};
                }
            }
        }
        return best;
    }
}
