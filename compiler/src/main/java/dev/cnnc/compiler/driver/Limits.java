package dev.cnnc.compiler.driver;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import java.util.Locale;

/**
 * What cnnc's generated kernels can address, checked on the model before anything is lowered:
 * kernels index a tensor with 32-bit integers, so no parameter, and no layer's output at the
 * program's batch, may hold more than {@link #MAX_ELEMENTS} elements. Breaking the limit is the
 * model's error, located at the layer, not an internal one.
 */
public final class Limits {
    /**
     * The most elements one tensor may hold: {@code Integer.MAX_VALUE} less the slack that
     * chunked kernels (the gradient norm's partial sums) round up to.
     */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - (1L << 16);

    private Limits() {
    }

    /** A tensor past {@link #MAX_ELEMENTS}; the message names the layer and its place in the source. */
    public static final class TooLarge extends IllegalArgumentException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** @throws TooLarge for the first tensor of {@code g} at {@code batch} past the limit */
    public static void check(Graph g, int batch) {
        for (Node n : g.nodes()) {
            for (Param p : n.params()) {
                if (p.elements() > MAX_ELEMENTS) {
                    throw tooLarge(n, "its parameter " + p.name() + " " + p.type().shape(), p.elements(), "");
                }
            }
            long out = n.output().shape().elements();
            if (out > MAX_ELEMENTS / Math.max(1, batch)) {
                throw tooLarge(n, "its output " + n.output().shape() + " at batch " + batch,
                        saturatedProduct(out, batch), out <= MAX_ELEMENTS / 2 ? " (use a smaller batch)" : "");
            }
        }
    }

    private static TooLarge tooLarge(Node n, String what, long elements, String hint) {
        return new TooLarge(String.format(Locale.ROOT, "%slayer `%s`: %s holds %s elements; cnnc's kernels index a "
                        + "tensor with 32-bit integers, so one may hold at most %,d%s",
                n.span() == null ? "" : n.span() + ": ", n.name(), what,
                elements == Long.MAX_VALUE ? "more than 9.2e18" : String.format(Locale.ROOT, "%,d", elements),
                MAX_ELEMENTS, hint));
    }

    private static long saturatedProduct(long a, long b) {
        return a > Long.MAX_VALUE / Math.max(1, b) ? Long.MAX_VALUE : a * b;
    }
}
