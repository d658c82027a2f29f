package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * All passes together on the stdlib models small enough to run here (LeNet-5 and ResNet-20 at
 * batch 2): the fused training program trains like the unfused one and the fused inference
 * program (batchnorm folded) infers like the unfused one; passes switch off by name.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FusionPipelineTest {
    @Test
    void lenet5TrainsAndInfersAlike() {
        same(FusionHarness.stdlib("lenet5.cnn"), new int[] {3, 7});
    }

    @Test
    void resnet20TrainsAlike() {
        Graph g = FusionHarness.stdlib("resnet20.cnn");
        Graph f = Passes.optimize(g, Passes.Options.forTraining());
        float[] x = FusionHarness.input(g, 2, 3);
        Lowering.Options o = Lowering.Options.inference(2, Precision.FP32);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, new int[] {1, 8}),
                FusionHarness.train(f, o, x, new int[] {1, 8}), 1e-5);
    }

    /**
     * The whole MobileNetV2 (224², batch 2) in fp64: fused and unfused training programs give the
     * same loss, logits, gradients, weights after two steps and evaluation, and the folded inference
     * program the same outputs. Slow to build (its ~300 distinct kernels take PoCL about 16 minutes
     * the first time), so it runs only with {@code -Dcnnc.slow=true}. In fp32 this comparison is not
     * meaningful at 1e-5: both programs differ from fp64 by up to ~1% in the stem's gradient, each
     * jumping at a different single layer (ReLU6 outputs within fp32 rounding of 0 or 6 take the
     * other branch of the mask when a sum is rounded differently); fp64 removes that.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "cnnc.slow", matches = "true")
    void mobileNetV2TrainsAndInfersAlikeInFp64() {
        Graph g = FusionHarness.stdlib("mobilenet_v2.cnn");
        float[] x = FusionHarness.input(g, 2, 3);
        Lowering.Options o = Lowering.Options.inference(2, Precision.FP64);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, new int[] {1, 8}),
                FusionHarness.train(Passes.optimize(g, Passes.Options.forTraining()), o, x, new int[] {1, 8}), 1e-8);
        FusionHarness.assertClose("inference", FusionHarness.infer(g, o, x),
                FusionHarness.infer(Passes.optimize(g, Passes.Options.forInference()), o, x), 1e-8);
    }

    private static void same(Graph g, int[] labels) {
        float[] x = FusionHarness.input(g, labels.length, 3);
        for (Precision p : new Precision[] {Precision.FP32, Precision.FP64}) { // mixed: MixedPrecisionTest
            double tol = p == Precision.FP64 ? 1e-10 : 1e-5;
            Lowering.Options o = Lowering.Options.inference(labels.length, p);
            FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                    FusionHarness.train(Passes.optimize(g, Passes.Options.forTraining()), o, x, labels), tol);
            FusionHarness.assertClose("inference " + p, FusionHarness.infer(g, o, x),
                    FusionHarness.infer(Passes.optimize(g, Passes.Options.forInference()), o, x), tol);
        }
    }

    @Test
    void passesRunInOrderAndSwitchOffByName() {
        Graph g = FusionHarness.stdlib("resnet20.cnn");
        List<String> ran = new ArrayList<>();
        Passes.optimize(g, Passes.Options.forInference().disable(Set.of(FuseRelu.NAME)), (p, after) -> ran.add(p.name()));
        assertEquals(List.of("fold_batchnorm", "fuse_epilogue", "fuse_elementwise"), ran);
        assertEquals(List.of("fuse_epilogue", "fuse_relu", "fuse_batchnorm_statistics", "fuse_elementwise"),
                Passes.selected(Passes.Options.forTraining()));
        assertEquals(List.of(), Passes.selected(Passes.Options.none(false)));
        assertEquals(g, Passes.optimize(g, Passes.Options.none(false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Passes.Options.forTraining().disable(Set.of("fuse_everything")));
        assertEquals("no pass named `fuse_everything`; the passes are [fold_batchnorm, fuse_epilogue, fuse_relu, "
                + "fuse_batchnorm_statistics, fuse_elementwise]", e.getMessage());
        // In training, batchnorm → relu fuses (fuse_relu); the convolutions before them keep no epilogue.
        Graph t = Passes.optimize(g, Passes.Options.forTraining());
        assertTrue(t.dump().contains("fused_relu=true"), t.dump());
    }
}
