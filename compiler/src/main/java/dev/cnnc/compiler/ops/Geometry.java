package dev.cnnc.compiler.ops;

/** Shared arithmetic of sliding windows (convolution and pooling), from the seed's formulas. */
final class Geometry {
    private Geometry() {
    }

    /** Effective extent of a dilated kernel: {@code 1 + (K - 1) · r}. */
    static int effective(int kernel, int dilation) {
        return 1 + (kernel - 1) * dilation;
    }

    /**
     * Output length {@code ⌊(H + p_before + p_after − K_eff) / s⌋ + 1}; with {@code ceil} the
     * division rounds up, and (PyTorch) the last window must start inside the input or the
     * leading padding.
     */
    static int slidingOut(int in, int padBefore, int padAfter, int effKernel, int stride, boolean ceil) {
        int span = in + padBefore + padAfter - effKernel;
        if (span < 0) {
            return 0;
        }
        int out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= in + padBefore) {
            out--;
        }
        return out;
    }

    static String dims(int h, int w) {
        return h + "x" + w;
    }
}
