package dev.cnnc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.NonFinite;
import dev.cnnc.train.Reals;
import dev.cnnc.train.optim.StepVariables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NonFinite#trace} names where a step's first NaN or infinity appears: in the input, in a
 * layer's output (forward), or in a gradient a layer's backward rule wrote, with the layer's
 * place in the source. The values are chosen so that exactly one of those overflows fp32
 * (largest finite value 3.4e38).
 */
@Tag("device")
class NonFiniteTraceTest {
    private static final String ONE_LAYER = """
            model Net(classes = 3) {
              input x: [4]
              output y = x -> dense(3) as fc
              train { optimizer: sgd(lr: 0.1) }
            }
            """;
    private static final String TWO_LAYERS = """
            model Net(classes = 3) {
              input x: [4]
              output y = x -> dense(3) as fc1
                -> dense(3) as fc2
              train { optimizer: sgd(lr: 0.1) }
            }
            """;

    /** Traces one step of {@code model} (batch {@code batch}, every label 0) on inputs {@code x}. */
    private static String trace(Path dir, String model, int batch, float x,
                                java.util.function.Function<ModelBinding.ParamBinding, double[]> weights)
            throws IOException {
        Path file = dir.resolve("net.cnn");
        Files.writeString(file, model);
        Graph g = Pipeline.standard().frontEnd(file, null).model();
        ModelBinding m = Pipeline.standard().build(g, Settings.builder().batch(batch).training(true)
                .loss(Recipes.loss(g)).optimizer(Recipes.optimizer(g)).target(Target.kind(false)).bind(true)
                .build()).binding();
        try (ClDevice device = ClDevice.open((String) null); Executor ex = new Executor(device, m.program())) {
            ex.set(StepVariables.SEED, 0);
            for (ModelBinding.ParamBinding p : m.params()) {
                Reals.write(ex.buffer(p.buffer()), weights.apply(p), m.fp64());
            }
            float[] input = new float[batch * 4];
            Arrays.fill(input, x);
            Reals.write(ex.buffer(m.input()), input, m.fp64());
            ex.buffer(m.labels()).write(new int[batch]);
            ex.run("zero_param_grads");
            return NonFinite.trace(m, ex);
        }
    }

    /** Weights all {@code w}, biases 0. */
    private static String trace(Path dir, float x, float w) throws IOException {
        return trace(dir, ONE_LAYER, 4, x, p -> {
            double[] v = new double[(int) p.elements()];
            Arrays.fill(v, p.name().endsWith("weight") ? w : 0);
            return v;
        });
    }

    @Test
    void aFiniteStepTracesToNothing(@TempDir Path dir) throws IOException {
        assertNull(trace(dir, 1f, 0.5f));
    }

    @Test
    void aNanInTheInputIsTheInputsFault(@TempDir Path dir) throws IOException {
        String t = trace(dir, Float.NaN, 0.5f);
        assertTrue(t.startsWith("the input batch: 16 of 16 values are NaN or infinite"), t);
    }

    @Test
    void anOverflowingOutputNamesTheLayerAndItsPlace(@TempDir Path dir) throws IOException {
        // 4 × 1e30 × 1e30 = 4e60: every output overflows.
        String t = trace(dir, 1e30f, 1e30f);
        assertTrue(t.startsWith("the output of layer `fc` ("), t);
        assertTrue(t.contains("net.cnn:3:"), t);
        assertTrue(t.contains(") in the forward pass: 12 of 12 values are NaN or infinite"), t);
    }

    @Test
    void anOverflowingGradientNamesTheBackwardRuleThatWroteIt(@TempDir Path dir) throws IOException {
        // fc1's outputs are 4 × 1e-30; fc2's rows are -3e38, 3e38, 3e38, so its outputs are
        // -3.6e9, 3.6e9, 3.6e9 and the loss -log softmax_0 = 7.2e9: all finite. Backward, the
        // output gradient is (-1, 0.5, 0.5), and fc2's rule gives fc1's output the gradient
        // 3e38 + 1.5e38 + 1.5e38 = 6e38 per unit: past fp32's largest value.
        String t = trace(dir, TWO_LAYERS, 1, 1f, p -> {
            double[] v = new double[(int) p.elements()];
            if (p.name().equals("fc1.weight")) {
                Arrays.fill(v, 1e-30);
            } else if (p.name().equals("fc2.weight")) {
                Arrays.fill(v, 3e38);
                Arrays.fill(v, 0, 3, -3e38); // row 0, class 0's
            }
            return v;
        });
        assertTrue(t.startsWith("the gradient grad."), t);
        assertTrue(t.contains(", written by the backward rule of layer `fc2` (") && t.contains("net.cnn:4:"), t);
        assertTrue(t.contains(": 3 of 3 values are NaN or infinite"), t);
    }
}
