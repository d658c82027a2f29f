package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Bindings;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.StateDict;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * ReLU fusion changes the program, not the results: fused and unfused graphs give the same
 * logits, loss, gradients, updated parameters and running statistics over training steps, and
 * the same inference logits.
 */
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
        double tol = p == Precision.FP64 ? 1e-12 : 1e-5;
        Random rnd = new Random(4);
        int batch = 4;
        float[] x = new float[batch * 3 * 8 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] labels = {0, 2, 1, 2};
        Result plain = run(g, p, x, labels);
        Result fused = run(FuseRelu.apply(g), p, x, labels);
        assertClose("loss", new double[] {plain.loss}, new double[] {fused.loss}, tol);
        assertClose("logits", plain.logits, fused.logits, tol);
        assertEquals(plain.grads.names(), fused.grads.names());
        for (String name : plain.grads.names()) {
            assertClose("grad " + name, plain.grads.require(name).toDoubleArray(),
                    fused.grads.require(name).toDoubleArray(), tol);
        }
        for (String name : plain.weights.names()) {
            assertClose("after two steps: " + name, plain.weights.require(name).toDoubleArray(),
                    fused.weights.require(name).toDoubleArray(), tol);
        }
        assertClose("inference logits", plain.inference, fused.inference, tol);
    }

    record Result(double loss, double[] logits, StateDict grads, StateDict weights, double[] inference) {
    }

    static Result run(Graph g, Precision p, float[] x, int[] labels) {
        OptimizerLowering.Config opt = OptimizerLowering.Config.sgd(0.1, 0.9, false, 1e-4);
        LossLowering.Loss loss = LossLowering.Loss.crossEntropy(0);
        ModelBinding m = Bindings.of(Lowering.lower(g, new Lowering.Options(labels.length, p, true, false, loss), opt));
        try (ModelSession s = ModelSession.open(m, Recipes.of(g, opt, loss, labels.length, "fp64"),
                Devices.select(null))) {
            s.initialize(11);
            ModelSession.Gradients first = s.gradients(x, labels);
            s.trainStep(x, labels);
            s.trainStep(x, labels);
            StateDict w = Checkpoints.weights(m, s.executor());
            float[] inference = s.forward(x);
            return new Result(first.loss(), doubles(first.logits()), first.grads(), w, doubles(inference));
        }
    }

    static double[] doubles(float[] f) {
        return HostTensor.ofFloats(new long[] {f.length}, f).toDoubleArray();
    }

    static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
        assertFalse(expected.length == 0, what);
    }

}
