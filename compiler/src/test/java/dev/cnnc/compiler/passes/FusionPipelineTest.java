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
import org.junit.jupiter.api.Test;

/**
 * All passes together on the stdlib models small enough to run here (LeNet-5 and ResNet-20 at
 * batch 2): the fused training program trains like the unfused one and the fused inference
 * program (batchnorm folded) infers like the unfused one; passes switch off by name.
 */
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

    private static void same(Graph g, int[] labels) {
        float[] x = FusionHarness.input(g, labels.length, 3);
        for (Precision p : Precision.values()) {
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
