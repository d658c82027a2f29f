package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ops.Fused;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Epilogue fusion (bias, activation, residual add in the store of a convolution or dense layer)
 * changes the program, not the results: fused and unfused graphs give the same loss, logits,
 * gradients, parameters after two SGD steps and evaluation logits, on the GEMM and the direct
 * kernels, and the same inference outputs.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FuseEpilogueTest {
    /**
     * conv → relu; conv → add → relu with the residual computed before the conv (c2) and after it
     * (c3 is fused at the add, after c3s); conv → add without activation (c4); grouped conv (direct
     * kernels even with GEMMs) → leaky_relu; conv → sigmoid; conv → elu; dense → tanh; dense → add
     * (a residual dense layer); dense → relu6.
     */
    static final String MODEL = """
            model E(classes = 3) {
              input x: [3, 8, 8]
              a = x -> conv(4, 3, pad: 1) as c1 -> relu
              b = add(a -> conv(4, 3, pad: 1) as c2, a) -> relu
              c = add(b -> conv(4, 1) as c3, b -> conv(4, 1, bias: false) as c3s) -> relu
              d = add(c -> conv(4, 3, pad: 1, bias: false) as c4, c)
              e = d -> conv(8, 3, pad: 1, groups: 4) as g1 -> leaky_relu(0.2) -> conv(4, 1) as c5 -> sigmoid
                -> conv(4, 3, stride: 2) as c6 -> elu
              h = e -> flatten -> dense(6) as fc1 -> tanh
              output y = add(h -> dense(6) as fcr, h) -> dense(5) as fc2 -> relu6 -> dense(classes) as fc3
            }
            """;

    @Test
    void fusesEachPatternOnce() {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FuseEpilogue.apply(g);
        List<String> fused = f.nodes().stream().filter(n -> Fused.activation(n.attrs()) != null
                || Fused.residual(n.attrs())).map(n -> n.name() + (Fused.residual(n.attrs()) ? "+r" : "")
                + (Fused.activation(n.attrs()) != null ? ":" + Fused.activation(n.attrs()) : "")).toList();
        assertEquals(List.of("c1:relu", "c2+r:relu", "c3+r:relu", "c4+r", "g1:leaky_relu(alpha=0.2)",
                "c5:sigmoid", "c6:elu(alpha=1.0)", "fc1:tanh", "fcr+r", "fc2:relu6"), fused);
        assertTrue(f.nodes().stream().noneMatch(n -> n.op().name().equals("add")
                || n.op().name().equals("relu")), f.dump());
        assertTrue(f.dump().contains("%relu3: f32[4, 8, 8] = conv(%relu2, %c3s; "), f.dump());
        // c3 moved after c3s (its residual), with its parameters; none lost or renamed.
        assertEquals(g.params().stream().map(Param::name).sorted().toList(),
                f.params().stream().map(Param::name).sorted().toList());
        assertEquals(g.outputs(), f.outputs());
        assertEquals(f, FuseEpilogue.apply(f), "nothing left to fuse");
    }

    @Test
    void anActivationWhoseOutputDoesNotGiveItsDerivativeStays() {
        Graph g = FusionHarness.compile("""
                model L {
                  input x: [2, 4, 4]
                  output y = x -> conv(2, 1) as c1 -> leaky_relu(-0.5) -> flatten
                }
                """);
        assertEquals(g.nodes(), FuseEpilogue.apply(g).nodes());
    }

    @ParameterizedTest
    @CsvSource({"FP64, true", "FP64, false", "FP32, true", "FP32, false"})
    void fusedAndUnfusedTrainAndInferAlike(Precision p, boolean gemm) {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FuseEpilogue.apply(g);
        double tol = p == Precision.FP64 ? 1e-10 : 1e-5;
        float[] x = FusionHarness.input(g, 4, 4);
        int[] labels = {0, 2, 1, 2};
        Lowering.Options o = Lowering.Options.inference(4, p).withMatrixKernels(gemm);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels), FusionHarness.train(f, o, x, labels),
                tol);
        FusionHarness.assertClose("inference", FusionHarness.infer(g, o, x), FusionHarness.infer(f, o, x), tol);
    }
}
