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
     * Output length {@code ⌊(H + p_before + p_after − K_eff) / s⌋ + 1}, at most 0 when the kernel
     * does not fit. With {@code ceil} (PyTorch's {@code ceil_mode}) the division rounds up and the
     * last window must start inside the input or the leading padding, else it is dropped; so a
     * kernel larger than the padded input still gives one window when the stride reaches past
     * the shortfall, as in PyTorch.
     */
    static int slidingOut(int in, int padBefore, int padAfter, int effKernel, int stride, boolean ceil) {
        long span = (long) in + padBefore + padAfter - effKernel;
        long out = Math.floorDiv(ceil ? span + stride - 1 : span, (long) stride) + 1;
        if (ceil && out > 0 && (out - 1) * stride >= (long) in + padBefore) {
            out--;
        }
        return (int) Math.max(out, 0);
    }

    static String dims(int h, int w) {
        return h + "x" + w;
    }
}
