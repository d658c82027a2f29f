package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.Gemm.Bias;
import dev.cnnc.compiler.codegen.Gemm.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every tiling {@code cnnc tune} may choose ({@link GemmTuner#blocks} × {@link GemmTuner#GROUP_WIDTHS},
 * and the GPU default) computes the product of {@link Gemm.Spec} exactly as a naive double-precision
 * loop does: shapes whose M and N are not multiples of any tile, K = 1, a transposed and a strided
 * A, batched and summed products, bias per row and per column, accumulation into C, and a C with
 * gaps between its rows (which must keep their values).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class GemmTilingTest {
    static Stream<Arguments> cases() {
        List<Spec> specs = List.of(
                Spec.of(37, 45, 19),
                Spec.of(5, 70, 1).withBias(Bias.COLUMN),
                Spec.of(20, 33, 7).a(1, 20).withBias(Bias.ROW).accumulating(),
                Spec.of(25, 100, 6).batched(3, 0, 6 * 100, 25 * 100).withBias(Bias.ROW),
                Spec.of(13, 40, 5).a(1, 13).summed(3, 13 * 5, 5 * 40).accumulating(),
                new Spec(7, 20, 4, 9, 2, 24, 30, 2, 80, 4 * 24, 7 * 30, 1, 0, 0, Bias.COLUMN, true, null, false,
                        Gemm.BatchDim.NONE),
                // the batch as an argument: M (a dense layer's forward) and K (its weight gradient)
                Spec.of(21, 33, 7).batchAlong(Gemm.BatchDim.M).withBias(Bias.COLUMN),
                Spec.of(13, 40, 9).a(1, 13).batchAlong(Gemm.BatchDim.K).accumulating());
        List<Arguments> out = new ArrayList<>();
        for (Spec s : specs) {
            out.add(Arguments.of(s, Precision.FP32));
        }
        out.add(Arguments.of(specs.get(2), Precision.FP64));
        out.add(Arguments.of(specs.get(4), Precision.FP64));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyTilingComputesTheProduct(Spec s, Precision p) {
        Random r = new Random(Tuning.key(s).hashCode());
        double[] a = random(r, GemmTuner.Bench.aElements(s));
        double[] b = random(r, GemmTuner.Bench.bElements(s));
        double[] c = random(r, GemmTuner.Bench.cElements(s));
        double[] bias = random(r, Math.max(s.m(), s.n()));
        double[][] expected = reference(s, a, b, c, bias);
        List<GemmTiling> tilings = new ArrayList<>();
        for (GemmTiling block : GemmTuner.blocks(GemmTiling.CPU)) {
            for (int w : GemmTuner.GROUP_WIDTHS) {
                tilings.add(new GemmTiling(block.rows(), block.vectors(), w));
            }
        }
        tilings.add(GemmTiling.GPU);
        double tol = p == Precision.FP64 ? 1e-10 : 1e-5;
        try (GemmTuner.Bench bench = new GemmTuner.Bench(KernelHarness.device(), s, p)) {
            bench.inputs(a, b, c, bias);
            for (GemmTiling t : tilings) {
                double[] got = bench.run(t);
                for (int i = 0; i < got.length; i++) {
                    double err = Math.abs(got[i] - expected[0][i]);
                    int at = i;
                    assertTrue(err <= tol * (1 + expected[1][i]), () -> "tiling " + t + " of " + s + " " + p + ": C["
                            + at + "] = " + got[at] + ", expected " + expected[0][at]);
                }
            }
        }
    }

    /**
     * {C expected, Σ|terms| per element (the scale of its rounding error)}; elements C does not
     * cover keep their starting values.
     */
    static double[][] reference(Spec s, double[] a, double[] b, double[] c0, double[] bias) {
        double[] c = c0.clone();
        double[] scale = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            scale[i] = Math.abs(c0[i]);
        }
        for (int z = 0; z < s.batches(); z++) {
            for (int m = 0; m < s.m(); m++) {
                for (int n = 0; n < s.n(); n++) {
                    double sum = 0;
                    double abs = 0;
                    for (int y = 0; y < s.sums(); y++) {
                        for (int k = 0; k < s.k(); k++) {
                            double t = a[(int) (z * s.az() + y * s.ay() + m * s.sam() + k * s.sak())]
                                    * b[(int) (z * s.bz() + y * s.by() + k * s.ldb() + n)];
                            sum += t;
                            abs += Math.abs(t);
                        }
                    }
                    double bv = s.bias() == Bias.ROW ? bias[m] : s.bias() == Bias.COLUMN ? bias[n] : 0;
                    int i = (int) (z * s.cz() + m * s.ldc() + n);
                    c[i] = (s.accumulate() ? c0[i] : 0) + sum + bv;
                    scale[i] = abs + Math.abs(bv) + (s.accumulate() ? Math.abs(c0[i]) : 0);
                }
            }
        }
        return new double[][] {c, scale};
    }

    private static double[] random(Random r, long n) {
        double[] d = new double[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() * 2 - 1;
        }
        return d;
    }

    @Test
    void invalidTilingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(0, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(8, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(8, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(17, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(12, 3, 8)); // 36 accumulators
        assertThrows(IllegalArgumentException.class, () -> new GemmTiling(8, 2, 257));
    }

    @Test
    void groupWidthDividesTheRowTiles() {
        GemmTiling t = new GemmTiling(8, 2, 8);
        assertEquals(8, t.groupFor(64));
        assertEquals(6, t.groupFor(12));
        assertEquals(1, t.groupFor(13));
        assertEquals(3, new GemmTiling(8, 2, 32).groupFor(3));
    }

    @Test
    void searchSpaceStartsWithTheDefaultAndHoldsOnlyValidBlocks() {
        List<GemmTiling> blocks = GemmTuner.blocks(GemmTiling.CPU);
        assertEquals(GemmTiling.CPU, blocks.get(0));
        assertEquals(11, blocks.size()); // 4 rows x 3 vectors, less 12 x 3 (too many accumulators)
        assertEquals(blocks.size(), blocks.stream().distinct().count());
    }
}
