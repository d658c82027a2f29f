package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.kernels.BatchNormKernels;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ops.Fused;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch statistics gathered by the convolution before a batchnorm change the program, not the
 * results: fused and unfused training give the same loss, logits, gradients, parameters and
 * running statistics after two steps, and the same evaluation — with the statistics gathered in
 * the implicit GEMM's store (rows of 20 in two pieces, of 10, of 8 two to a vector, strided),
 * by the fallback kernel (a 1x1 convolution, and every convolution on the direct kernels), and
 * merged by the batchnorm in vector blocks (rows a multiple of 16) or per channel.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FuseBatchNormStatisticsTest {
    /** Planes of 6x20, 3x10 and 1x8: the batchnorms merge per channel (not multiples of 16). */
    static final String ODD = """
            model F(classes = 3) {
              input x: [3, 6, 20]
              a = x -> conv(5, 3, pad: 1) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(6, 3, stride: 2, pad: 1) as c2 -> batchnorm as b2 -> relu
              c = b -> conv(6, 1, bias: false) as c3 -> batchnorm as b3
              d = add(c, b) -> relu
              e = d -> conv(4, 3) as c4 -> batchnorm as b4
              output y = e -> global_avgpool -> flatten -> dense(classes) as fc
            }
            """;

    /** Planes of 8x16 and 4x8: vector blocks; c3's output also feeds the add, so it keeps its batchnorm's pass. */
    static final String BLOCKS = """
            model G(classes = 3) {
              input x: [2, 8, 16]
              a = x -> conv(4, 3, pad: 1) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(5, 3, stride: 2, pad: 1, bias: false) as c2 -> batchnorm as b2 -> relu
              t = b -> conv(5, 3, pad: 1) as c3
              u = t -> batchnorm as b3
              v = add(u, t) -> relu
              output y = v -> global_avgpool -> flatten -> dense(classes) as fc
            }
            """;

    /** 16 channels of 8x16 at batch 8: each work-item of the given-statistics forward normalises 2 samples. */
    static final String WIDE = """
            model W(classes = 3) {
              input x: [2, 8, 16]
              a = x -> conv(16, 3, pad: 1) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(16, 3, pad: 1, bias: false) as c2 -> batchnorm as b2
              output y = add(a, b) -> relu -> global_avgpool -> flatten -> dense(classes) as fc
            }
            """;

    @Test
    void marksConvBatchnormPairsWhoseConvOutputHasNoOtherReader() {
        Graph g = FuseBatchNormStatistics.apply(FusionHarness.compile(BLOCKS));
        assertEquals(List.of("c1", "c2"), g.nodes().stream().filter(n -> Fused.bnStatistics(n.attrs()))
                .map(Node::name).toList());
        assertEquals(List.of("b1", "b2"), g.nodes().stream().filter(n -> Fused.givenStatistics(n.attrs()))
                .map(Node::name).toList());
        assertTrue(g.dump().contains("batchnorm_statistics=true"), g.dump());
        assertEquals(g, FuseBatchNormStatistics.apply(g), "nothing left to fuse");
        // A convolution with an epilogue keeps its output's statistics to the batchnorm.
        Graph e = FuseBatchNormStatistics.apply(FuseEpilogue.apply(FusionHarness.compile(ODD)));
        assertEquals(List.of("c1", "c2", "c3", "c4"), e.nodes().stream()
                .filter(n -> Fused.bnStatistics(n.attrs())).map(Node::name).toList());
    }

    static Stream<Arguments> programs() {
        // mixed precision with the matrix kernels only (the direct kernels take fp32 working copies)
        return Stream.of(Precision.values()).flatMap(p -> Stream.of(true, false).filter(m -> m || p != Precision.MIXED)
                .flatMap(m -> Stream.of(Arguments.of(ODD, p, m), Arguments.of(BLOCKS, p, m))));
    }

    @ParameterizedTest(name = "{1}, matrix kernels {2}: {0}")
    @MethodSource("programs")
    void fusedAndUnfusedTrainAlike(String source, Precision p, boolean matrixKernels) {
        Graph g = FusionHarness.compile(source);
        float[] x = FusionHarness.input(g, 3, 5);
        int[] labels = {2, 0, 1};
        Lowering.Options o = Lowering.Options.inference(labels.length, p).withMatrixKernels(matrixKernels);
        // Chan's merge and the two-pass sums round differently: a few ulps
        double tol = tolerance(p);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                FusionHarness.train(FuseBatchNormStatistics.apply(g), g, o, x, labels), tol);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Precision.class)
    void severalSamplesPerWorkItemTrainAlike(Precision p) {
        int[] labels = {2, 0, 1, 1, 0, 2, 2, 1};
        assertEquals(2, BatchNormKernels.samplesPerItem(labels.length, 16), "the case this test is for");
        Graph g = FusionHarness.compile(WIDE);
        float[] x = FusionHarness.input(g, labels.length, 11);
        Lowering.Options o = Lowering.Options.inference(labels.length, p).withMatrixKernels(true);
        double tol = tolerance(p);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                FusionHarness.train(FuseBatchNormStatistics.apply(g), g, o, x, labels), tol);
    }

    /**
     * fp64 1e-10, fp32 1e-5; mixed precision 8·2^-11: there the fused convolution gathers the
     * statistics from its fp32 outputs, the unfused batchnorm from their fp16 rounding (PyTorch's
     * autocast too), so the two differ by that rounding, at most 2^-11 relative per value.
     */
    private static double tolerance(Precision p) {
        return p == Precision.FP64 ? 1e-10 : p == Precision.MIXED ? 8 * 0x1p-11 : 1e-5;
    }
}
