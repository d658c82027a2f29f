package dev.cnnc.compiler.codegen;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which {@link GemmTiling} each matrix product gets when a program is lowered for one device and
 * precision: the measured winner for its shape ({@code cnnc tune} writes them, {@link TuningCache}
 * keeps them), else the default for the device kind (CPU or GPU). Part of
 * {@link Lowering.Options}; the kernel comments and {@code --emit ir} say which tiling each GEMM
 * got and where it came from.
 *
 * @param gpu   the device kind whose defaults fill in untuned shapes
 * @param gemms tuned tilings by {@link #key} of the product
 */
public record Tuning(boolean gpu, Map<String, GemmTiling> gemms) {
    /** Defaults for CPUs, nothing tuned: what lowering uses unless told otherwise. */
    public static final Tuning CPU = new Tuning(false, Map.of());

    /** A tiling and whether it was tuned for this shape (else it is the device kind's default). */
    public record Choice(GemmTiling tiling, boolean tuned) {
        /** {@code 8x32/8 (tuned)} or {@code 8x32/8 (default for CPUs)}. */
        public String describe(boolean gpu) {
            return tiling + (tuned ? " (tuned)" : " (default for " + (gpu ? "GPUs" : "CPUs") + ")");
        }
    }

    public Tuning {
        gemms = java.util.Collections.unmodifiableMap(new TreeMap<>(gemms));
    }

    /** The defaults of a device kind, nothing tuned. */
    public static Tuning defaults(boolean gpu) {
        return gpu ? new Tuning(true, Map.of()) : CPU;
    }

    /** The tiling for the product {@code s}: a GEMM or an implicit-GEMM convolution. */
    public Choice gemm(Tunable s) {
        GemmTiling t = gemms.get(s.key());
        return t != null ? new Choice(t, true) : new Choice(GemmTiling.defaultFor(gpu), false);
    }

    /** This tuning with {@code tiling} for the products of {@code key}. */
    public Tuning with(String key, GemmTiling tiling) {
        Map<String, GemmTiling> m = new TreeMap<>(gemms);
        m.put(key, tiling);
        return new Tuning(gpu, m);
    }

    /**
     * What decides a product's best tiling: its sizes, its batches and summed blocks, and how A is
     * read ({@code rows}: along k contiguous, {@code cols}: transposed, along m contiguous,
     * {@code strided}: neither), e.g. {@code M=64 N=3136 K=576 batches=8 sums=1 A=rows}. Bias and
     * accumulation change only the stores and are not part of it.
     */
    public static String key(Gemm.Spec s) {
        return "M=" + s.m() + " N=" + s.n() + " K=" + s.k() + " batches=" + s.batches() + " sums=" + s.sums() + " A="
                + aLayout(s);
    }

    /** How a product reads A: along rows, along columns (a transposed view), or strided. */
    static String aLayout(Gemm.Spec s) {
        return s.sak() == 1 ? "rows" : s.sam() == 1 ? "cols" : "strided";
    }
}
