package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.GemmTiling;
import dev.cnnc.compiler.codegen.GemmTuner;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.ir.Graph;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The implicit-GEMM convolutions under other tilings than the default (filters per work-item,
 * vectors of output positions, work-group width), as {@code cnnc tune} may choose them: a
 * training program whose convolutions all get one tiling trains exactly like the default one
 * (forward with batch statistics gathered per tile, input gradients as convolutions, strided
 * ones upsampled), and the tuner finds and checks candidates for a convolution's product.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ConvTilingTest {
    /** Rows of 20 (pieces of 16 and 4), 10 and 5 columns; stride 2 and dilation 2; conv → batchnorm pairs. */
    static final String MODEL = """
            model T(classes = 3) {
              input x: [3, 9, 20]
              a = x -> conv(7, 3, pad: 1) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(10, 3, stride: 2, pad: 1, bias: false) as c2 -> batchnorm as b2 -> relu
              c = b -> conv(10, 3, pad: 2, dilation: 2) as c3 -> relu
              d = add(c, b) -> conv(13, 3, stride: 2, pad: 1) as c4
              output y = d -> global_avgpool -> flatten -> dense(classes) as fc
            }
            """;

    /** fp32 and fp64: a tiling changes the order of the sums whatever the storage (mixed: MixedPrecisionTest). */
    static Stream<Arguments> tilings() {
        return Stream.of(new GemmTiling(1, 1, 1), new GemmTiling(6, 3, 2), new GemmTiling(16, 2, 8)).flatMap(t -> Stream.of(Precision.FP32, Precision.FP64)
                .map(p -> Arguments.of(t, p)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("tilings")
    void everyTilingTrainsLikeTheDefault(GemmTiling t, Precision p) {
        Graph g = Passes.optimize(FusionHarness.compile(MODEL), Passes.Options.forTraining());
        int[] labels = {2, 0, 1};
        float[] x = FusionHarness.input(g, labels.length, 5);
        Lowering.Options o = Lowering.Options.inference(labels.length, p).withMatrixKernels(true);
        List<String> convs = convKeys(g, o);
        assertTrue(convs.size() >= 5, "forward and input-gradient products: " + convs);
        Tuning tuning = Tuning.CPU;
        for (String key : convs) {
            tuning = tuning.with(key, t);
        }
        Lowered tuned = Lowering.lower(g, Lowering.Options.training(labels.length, p).toBuilder().matrixKernels(true)
                .tuning(tuning).build(), dev.cnnc.compiler.codegen.OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
        for (Lowered.GemmUse use : tuned.gemms()) {
            if (use.product().key().startsWith("conv ")) {
                assertTrue(use.choice().tuned(), use.kernel());
                assertEquals(t, use.choice().tiling(), use.kernel());
            }
        }
        assertTrue(tuned.program().source().contains("tiling " + t), "the kernel comment names the tiling");
        double tol = p == Precision.FP64 ? 1e-10 : 1e-5;
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                FusionHarness.train(g, o.withTuning(tuning), x, labels), tol);
    }

    /** The keys of the convolutions' implicit GEMMs in a training program of {@code g}. */
    private static List<String> convKeys(Graph g, Lowering.Options o) {
        Lowered l = Lowering.lower(g, o.toBuilder().training(true)
                .loss(dev.cnnc.compiler.codegen.LossLowering.Loss.crossEntropy(0)).matrixKernels(true).build(),
                dev.cnnc.compiler.codegen.OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
        return l.gemms().stream().map(u -> u.product().key()).filter(k -> k.startsWith("conv ")).distinct().toList();
    }

    @Test
    void theTunerMeasuresAConvolutionsCandidates() {
        Graph g = FusionHarness.compile(MODEL);
        Lowered l = Lowering.lower(g, Lowering.Options.inference(3, Precision.FP32).withMatrixKernels(true));
        GemmTuner.Shape conv = GemmTuner.shapes(l).stream().filter(s -> s.key().equals(
                "conv C=3 F=7 OH=9 OW=20 K=3x3 S=1x1 D=1x1 samples=3")).findFirst().orElseThrow(
                () -> new AssertionError(GemmTuner.shapes(l).toString()));
        assertEquals(7.0 * 9 * 20 * 27 * 3, conv.macs());
        List<String> warnings = new java.util.ArrayList<>();
        GemmTuner.Result r = GemmTuner.tune(FusionHarness.device(), Precision.FP32, conv, GemmTiling.CPU,
                System.nanoTime() + 3_000_000_000L, 1, warnings::add);
        assertTrue(r.tried() >= 2, "the default and at least one candidate: " + r);
        assertTrue(r.bestMs() <= r.defaultMs(), r.toString());
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertFalse(GemmTuner.shapes(l).isEmpty());
    }
}
