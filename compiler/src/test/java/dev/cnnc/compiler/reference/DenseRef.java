package dev.cnnc.compiler.reference;

/** Reference {@code dense} (PyTorch {@code Linear}) and {@code flatten}, forward and backward. */
public final class DenseRef {
    private DenseRef() {
    }

    /** Gradients of {@code dense}; {@code db} is null without a bias. */
    public record Grads(Tensor dx, Tensor dw, Tensor db) {
    }

    /**
     * {@code dense}: x {@code [N, in]}, w {@code [units, in]}, b {@code [units]} or null:
     * {@code y[n,o] = b[o] + Σ_k w[o,k] · x[n,k]}.
     */
    public static Tensor dense(Tensor x, Tensor w, Tensor b) {
        check(x, w);
        Tensor y = new Tensor(x.dim(0), w.dim(0));
        for (int n = 0; n < x.dim(0); n++) {
            for (int o = 0; o < w.dim(0); o++) {
                double s = b == null ? 0 : b.get(o);
                for (int k = 0; k < x.dim(1); k++) {
                    s += w.get(o, k) * x.get(n, k);
                }
                y.set(s, n, o);
            }
        }
        return y;
    }

    /**
     * Backward of {@link #dense}: {@code dx[n,k] = Σ_o dy[n,o]·w[o,k]},
     * {@code dw[o,k] = Σ_n dy[n,o]·x[n,k]}, {@code db[o] = Σ_n dy[n,o]}.
     */
    public static Grads denseBackward(Tensor x, Tensor w, boolean hasBias, Tensor dy) {
        check(x, w);
        Tensor dx = x.zerosLike();
        Tensor dw = w.zerosLike();
        Tensor db = hasBias ? new Tensor(w.dim(0)) : null;
        for (int n = 0; n < x.dim(0); n++) {
            for (int o = 0; o < w.dim(0); o++) {
                double g = dy.get(n, o);
                if (db != null) {
                    db.add(g, o);
                }
                for (int k = 0; k < x.dim(1); k++) {
                    dx.add(g * w.get(o, k), n, k);
                    dw.add(g * x.get(n, k), o, k);
                }
            }
        }
        return new Grads(dx, dw, db);
    }

    private static void check(Tensor x, Tensor w) {
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException("dense needs x [N, in] and w [units, in]");
        }
    }

    /** {@code flatten}: {@code [N, d1, ..., dk] → [N, d1·…·dk]}, C order (row-major kept as is). */
    public static Tensor flatten(Tensor x) {
        return x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0)));
    }

    /** Backward of {@link #flatten}: {@code dy} reshaped to the input's shape. */
    public static Tensor flattenBackward(int[] inputShape, Tensor dy) {
        return dy.reshape(inputShape);
    }
}
