package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ops.Fused;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Chains of activations fused into one kernel compute what the separate kernels compute,
 * forward and backward (the fused backward recomputes the values between the functions).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FuseElementwiseTest {
    static final String MODEL = """
            model C(classes = 3) {
              input x: [3, 6, 6]
              a = x -> conv(4, 3, pad: 1) as c1 -> batchnorm as b1 -> leaky_relu(0.1) -> tanh -> sigmoid
              b = a -> maxpool(2) -> relu6 -> elu(0.5)
              c = b -> relu
              output y = add(c -> sigmoid, c) -> flatten -> dense(classes) as fc
            }
            """;

    @Test
    void fusesChainsWhoseValuesHaveOneReader() {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FuseElementwise.apply(g);
        List<String> chains = f.nodes().stream().filter(n -> !Fused.chain(n.attrs()).isEmpty())
                .map(n -> n.op().name() + Fused.chain(n.attrs())).toList();
        // c (relu's output) has two readers: its chain ends there.
        assertEquals(List.of("leaky_relu[tanh, sigmoid]", "relu6[elu(alpha=0.5), relu]"), chains);
        assertEquals(g.nodes().size() - 4, f.nodes().size());
        assertTrue(f.dump().contains("fused_chain=[tanh, sigmoid]"), f.dump());
        assertEquals(g.outputs(), f.outputs());
        assertEquals(f, FuseElementwise.apply(f));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void fusedAndUnfusedTrainAndInferAlike(Precision p) {
        Graph g = FusionHarness.compile(MODEL);
        Graph f = FuseElementwise.apply(g);
        // mixed precision: a fused chain keeps the values between its functions in fp32, the
        // unfused layers round each to fp16, so the two differ by such roundings (2^-11 relative)
        double tol = p == Precision.FP64 ? 1e-10 : p == Precision.MIXED ? 8 * 0x1p-11 : 1e-5;
        float[] x = FusionHarness.input(g, 4, 9);
        int[] labels = {1, 0, 2, 2};
        Lowering.Options o = Lowering.Options.inference(4, p);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels), FusionHarness.train(f, o, x, labels),
                tol);
    }
}
