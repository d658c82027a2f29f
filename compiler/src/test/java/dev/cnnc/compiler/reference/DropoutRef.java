package dev.cnnc.compiler.reference;

/**
 * Reference inverted dropout given an explicit keep-mask (the randomness lives outside, so
 * a kernel can be checked against the same mask): {@code dropout} (PyTorch {@code Dropout})
 * with a mask of the input's shape, {@code spatial_dropout} ({@code Dropout2d}) with a mask
 * {@code [N, C]} that keeps or drops whole feature maps. Masks hold 1 (keep) or 0 (drop);
 * {@code p} is the probability of dropping, kept values are scaled by {@code 1/(1 − p)}.
 * In inference both are the identity.
 */
public final class DropoutRef {
    private DropoutRef() {
    }

    /** {@code dropout}: {@code y = x · mask / (1 − p)}, mask of x's shape. */
    public static Tensor dropout(Tensor x, Tensor mask, double p) {
        x.requireSameShape(mask);
        Tensor y = x.zerosLike();
        for (int i = 0; i < x.size(); i++) {
            y.setAt(i, x.at(i) * mask.at(i) / (1 - p));
        }
        return y;
    }

    /** Backward of {@link #dropout}: {@code dx = dy · mask / (1 − p)}. */
    public static Tensor dropoutBackward(Tensor mask, double p, Tensor dy) {
        return dropout(dy, mask, p);
    }

    /** {@code spatial_dropout}: {@code y[n,c,h,w] = x[n,c,h,w] · mask[n,c] / (1 − p)}. */
    public static Tensor spatialDropout(Tensor x, Tensor mask, double p) {
        if (x.rank() != 4 || mask.rank() != 2 || mask.dim(0) != x.dim(0) || mask.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException("spatial dropout needs x [N,C,H,W] and mask [N,C]");
        }
        Tensor y = x.zerosLike();
        for (int n = 0; n < x.dim(0); n++) {
            for (int c = 0; c < x.dim(1); c++) {
                for (int h = 0; h < x.dim(2); h++) {
                    for (int w = 0; w < x.dim(3); w++) {
                        y.set(x.get(n, c, h, w) * mask.get(n, c) / (1 - p), n, c, h, w);
                    }
                }
            }
        }
        return y;
    }

    /** Backward of {@link #spatialDropout}: {@code dx[n,c,h,w] = dy[n,c,h,w] · mask[n,c] / (1 − p)}. */
    public static Tensor spatialDropoutBackward(Tensor mask, double p, Tensor dy) {
        return spatialDropout(dy, mask, p);
    }
}
