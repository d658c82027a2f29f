package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ops.Fused;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Folding batchnorm into the layer before it changes the program, not the results: the folded
 * graph's inference output equals the unfolded one's (PyTorch eval mode) with running
 * statistics and affine parameters far from their initial values.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FoldBatchNormTest {
    /** Conv with and without bias, a depthwise conv, a BN without affine, BN → relu, a shortcut, dense → BN1d. */
    static final String MODEL = """
            model B(classes = 3) {
              input x: [3, 8, 8]
              a = x -> conv(4, 3, pad: 1, bias: false) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(4, 3, pad: 1, groups: 4) as dw -> batchnorm(affine: false, eps: 0.001) as b2
              s = add(b, a) -> relu
              t = s -> conv(6, 1, stride: 2) as c3 -> batchnorm as b3
              u = t -> relu
              output y = add(u, t) -> global_avgpool -> flatten -> dense(5) as fc -> batchnorm as b4 -> relu
                -> dense(classes) as out
            }
            """;

    @Test
    void foldsEveryBatchnormAfterAConvOrDenseWhoseOutputItAloneReads() {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FoldBatchNorm.apply(g);
        List<String> folded = f.nodes().stream().filter(n -> Fused.foldedBatchNorm(n.attrs()) != null)
                .map(n -> n.name() + "<-" + Fused.foldedBatchNorm(n.attrs()).name()).toList();
        assertEquals(List.of("c1<-b1", "dw<-b2", "c3<-b3", "fc<-b4"), folded);
        assertTrue(f.nodes().stream().noneMatch(n -> n.op().name().equals("batchnorm")), f.dump());
        assertEquals(g.params().stream().map(Param::name).toList(), f.params().stream().map(Param::name).toList(),
                "every parameter kept, in order");
        assertEquals(g.outputs(), f.outputs());
        assertTrue(f.dump().contains("folded_batchnorm=b2(eps=0.001, affine=false)"), f.dump());
        assertEquals(f, FoldBatchNorm.apply(f), "nothing left to fold");
    }

    /** A ReLU already fused into the batchnorm (FuseRelu ran first) becomes the layer's epilogue. */
    @Test
    void aBatchnormsFusedReluMovesToTheLayersEpilogue() {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FoldBatchNorm.apply(FuseRelu.apply(g));
        assertEquals("relu", Fused.activation(f.node("c1").attrs()).toString());
        assertEquals("relu", Fused.activation(f.node("fc").attrs()).toString());
        assertNull(Fused.activation(f.node("c3").attrs()));
        same(g, f, Precision.FP64, true, 2);
    }

    @Test
    void aBatchnormAfterAConvWhoseOutputIsAlsoReadElsewhereStays() {
        Graph g = FusionHarness.compile("""
                model K {
                  input x: [2, 4, 4]
                  c = x -> conv(2, 1) as c1
                  output y = add(c -> batchnorm as b1, c) -> flatten
                }
                """);
        assertEquals(g.nodes(), FoldBatchNorm.apply(g).nodes());
    }

    @Test
    void aFoldedGraphIsForInferenceOnly() {
        Graph f = FoldBatchNorm.apply(FusionHarness.compile(MODEL));
        CodegenException e = assertThrows(CodegenException.class,
                () -> Lowering.lower(f, Lowering.Options.training(2, Precision.FP32)));
        assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        assertTrue(Passes.selected(Passes.Options.forTraining()).stream().noneMatch(FoldBatchNorm.NAME::equals));
    }

    @ParameterizedTest
    @CsvSource({"FP64, true", "FP64, false", "FP32, true", "FP32, false"})
    void foldedAndUnfoldedInferAlike(Precision p, boolean gemm) {
        Graph g = FusionHarness.compile(MODEL);
        same(g, FoldBatchNorm.apply(g), p, gemm, 3);
    }

    /**
     * A training program whose evaluation phase is lowered from the folded graph trains as the
     * unfused one and evaluates alike, with the running statistics its two steps updated.
     */
    @ParameterizedTest
    @CsvSource({"FP64", "FP32"})
    void aTrainingProgramEvaluatesWithTheFoldedGraph(Precision p) {
        Graph g = FusionHarness.compile(MODEL);
        float[] x = FusionHarness.input(g, 4, 6);
        int[] labels = {2, 0, 1, 1};
        Lowering.Options o = Lowering.Options.inference(4, p);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                FusionHarness.train(Passes.optimize(g), Passes.optimize(g, Passes.Options.forInference()), o, x,
                        labels), p == Precision.FP64 ? 1e-10 : 1e-5);
    }

    /** All inference passes on ResNet-20 (folding, then the epilogues that folding makes possible). */
    @Test
    void resnet20FoldsAndFusesAlike() {
        Graph g = FusionHarness.stdlib("resnet20.cnn");
        Graph f = Passes.optimize(g, Passes.Options.forInference());
        assertTrue(f.nodes().stream().noneMatch(n -> n.op().name().equals("batchnorm")
                || n.op().name().equals("add") || n.op().name().equals("relu")), f.dump());
        Node c2 = f.node("layers.0.c2");
        assertTrue(Fused.residual(c2.attrs()) && Fused.activation(c2.attrs()) != null, c2.toString());
        assertNull(Fused.activation(f.node("layers.3.short.0").attrs()));
        same(g, f, Precision.FP32, true, 2);
    }

    /**
     * MobileNetV2's blocks from the stdlib (1×1 expansion, depthwise 3×3 with stride 1 and 2,
     * ReLU6, linear projection, residual add) with all inference passes, at batch 1 and 2.
     */
    @ParameterizedTest
    @CsvSource({"FP64, 1", "FP64, 2", "FP32, 1", "FP32, 2"})
    void mobileNetBlocksFoldAndFuseAlike(Precision p, int batch) {
        Compilation c = new Compiler(List.of(Library.folder(Path.of("..", "stdlib")))).check("m.cnn", """
                import blocks.mobilenet
                model TinyMobileNet {
                  input image: [3, 16, 16]
                  output logits = image
                    -> ConvBNReLU6(8, 3, stride: 2) as features.0
                    -> InvertedResidual(8, expand: 1) as features.1
                    -> InvertedResidual(12, stride: 2) as features.2
                    -> InvertedResidual(12) as features.3
                    -> InvertedResidual(16, stride: 2) as features.4
                    -> ConvBNReLU6(32, 1) as features.5
                    -> global_avgpool -> flatten -> dense(5) as classifier
                }
                """, null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        Graph g = c.models().get(0);
        Graph f = Passes.optimize(g, Passes.Options.forInference());
        assertTrue(f.nodes().stream().noneMatch(n -> n.op().name().equals("batchnorm")), f.dump());
        same(g, f, p, true, batch);
    }

    private static void same(Graph g, Graph f, Precision p, boolean gemm, int batch) {
        Lowering.Options o = Lowering.Options.inference(batch, p).withMatrixKernels(gemm);
        float[] x = FusionHarness.input(g, batch, 5);
        FusionHarness.assertClose("logits", FusionHarness.infer(g, o, x), FusionHarness.infer(f, o, x),
                p == Precision.FP64 ? 1e-10 : 1e-5);
    }
}
