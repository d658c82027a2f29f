package dev.cnnc.compiler.codegen;

import java.util.Locale;

/**
 * The shape of {@link Gemm}'s register block and launch: each work-item computes {@code rows} rows
 * of C by {@code vectors} 16-wide vectors of columns ({@code rows × vectors} vector accumulators),
 * and a work-group holds up to {@code groupWidth} work-items along M (the largest divisor of the
 * number of row tiles that fits, so no work-item falls outside the matrix). Every tiling computes
 * the same product; which one is fastest depends on the device and the shape, so
 * {@code cnnc tune} measures them ({@link Tuning}).
 *
 * @param rows       rows of C per work-item, 1 to {@value #MAX_ROWS}
 * @param vectors    16-wide column vectors per work-item, 1 to {@value #MAX_VECTORS}
 * @param groupWidth the most work-items per work-group along M, 1 to {@value #MAX_GROUP_WIDTH}
 */
public record GemmTiling(int rows, int vectors, int groupWidth) {
    public static final int MAX_ROWS = 16;
    public static final int MAX_VECTORS = 4;
    /** At most this many accumulators (vectors of 16): beyond, the generated code only spills. */
    public static final int MAX_ACCUMULATORS = 32;
    public static final int MAX_GROUP_WIDTH = 256;

    /**
     * CPUs: 8 rows × 2 vectors (16 accumulators of an AVX-512 register file of 32), and up to 8
     * work-items per group, so that each scheduling unit does enough work (measured with PoCL).
     */
    public static final GemmTiling CPU = new GemmTiling(8, 2, 8);
    /**
     * GPUs: a smaller block per work-item (4 × 16 accumulators, 64 registers), so that more work-items
     * are resident, and 64 per group (two warps, one wavefront). Not measured on a GPU here: GPUs run
     * the direct kernels unless GEMMs are asked for, and {@code cnnc tune} finds better.
     */
    public static final GemmTiling GPU = new GemmTiling(4, 1, 64);

    /** @throws IllegalArgumentException naming the bad field, for a tiling no kernel can be made of */
    public GemmTiling {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("GEMM tiling rows must be 1 to " + MAX_ROWS + ", got " + rows);
        }
        if (vectors < 1 || vectors > MAX_VECTORS) {
            throw new IllegalArgumentException("GEMM tiling vectors must be 1 to " + MAX_VECTORS + ", got " + vectors);
        }
        if (rows * vectors > MAX_ACCUMULATORS) {
            throw new IllegalArgumentException("GEMM tiling " + rows + " rows x " + vectors + " vectors has more than "
                    + MAX_ACCUMULATORS + " accumulators");
        }
        if (groupWidth < 1 || groupWidth > MAX_GROUP_WIDTH) {
            throw new IllegalArgumentException("GEMM tiling group width must be 1 to " + MAX_GROUP_WIDTH + ", got "
                    + groupWidth);
        }
    }

    /** The default for a device kind. */
    public static GemmTiling defaultFor(boolean gpu) {
        return gpu ? GPU : CPU;
    }

    /** Columns of C per work-item. */
    public int columns() {
        return 16 * vectors;
    }

    /** Work-items per work-group along M for {@code tiles} row tiles: the largest divisor up to {@link #groupWidth}. */
    public long groupFor(long tiles) {
        for (long w = Math.min(groupWidth, tiles); w > 1; w--) {
            if (tiles % w == 0) {
                return w;
            }
        }
        return 1;
    }

    /** {@code 8x32/8}: rows × columns / group width, as tables and kernel comments show it. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%d/%d", rows, columns(), groupWidth);
    }
}
