package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ops.Fused;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * ReLU fusion changes the program, not the results: fused and unfused graphs give the same
 * logits, loss, gradients, updated parameters and running statistics over training steps, and
 * the same inference logits.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FuseReluTest {
    static final String MODEL = """
            model F(classes = 3) {
              input x: [3, 8, 8]
              a = x -> conv(4, 3, pad: 1, bias: false) as c1 -> batchnorm as b1 -> relu
              b = a -> conv(4, 3, pad: 1, bias: false) as c2 -> batchnorm as b2
              s = add(b, a) -> relu
              t = s -> conv(4, 1) as c3 -> batchnorm as b3
              u = t -> relu
              v = add(u, t)
              output y = v -> global_avgpool -> flatten -> dense(classes) as fc -> batchnorm as b4 -> relu
            }
            """;

    static Graph graph() {
        Compilation c = new Compiler(List.of()).check("f.cnn", MODEL, null);
        assertTrue(c.ok(), c.diagnostics().all().toString());
        return c.models().get(0);
    }

    @Test
    void fusesOnlyReluThatIsTheSoleConsumerOfABatchnormOrAdd() {
        Graph g = graph();
        Graph f = FuseRelu.apply(g);
        List<String> fused = f.nodes().stream().filter(n -> Fused.relu(n.attrs())).map(Node::name).toList();
        // b3's output also feeds the add: its relu stays. The last relu is the model's output.
        assertEquals(List.of("b1", "add1", "b4"), fused);
        assertEquals(g.nodes().size() - 3, f.nodes().size());
        assertEquals(1, f.nodes().stream().filter(n -> n.op().name().equals("relu")).count());
        assertEquals(g.params().stream().map(p -> p.name()).toList(), f.params().stream().map(p -> p.name()).toList());
        assertEquals(g.outputs().get("y"), f.outputs().get("y"), "the output value is kept");
        assertTrue(f.nodes().get(1).toString().contains("fused_relu=true"), f.dump());
        assertEquals(f, FuseRelu.apply(f), "nothing left to fuse");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void fusedAndUnfusedTrainAndInferAlike(Precision p) {
        Graph g = graph();
        // mixed precision: fusion changes which intermediate values are rounded to fp16 (a fused
        // layer keeps them in fp32), so the two differ by such roundings, 2^-11 relative each
        double tol = p == Precision.FP64 ? 1e-12 : p == Precision.MIXED ? 8 * 0x1p-11 : 1e-5;
        Random rnd = new Random(4);
        int batch = 4;
        float[] x = new float[batch * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] labels = {0, 2, 1, 2};
        Lowering.Options o = Lowering.Options.inference(labels.length, p);
        FusionHarness.assertSameTraining(FusionHarness.train(g, o, x, labels),
                FusionHarness.train(FuseRelu.apply(g), o, x, labels), tol);
    }
}
