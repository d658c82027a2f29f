package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.optim.StepVariables;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Dropout draws a fresh mask for every training batch (keyed by the run's seed and the batch's
 * place in the run), not one mask for the whole run, and the same masks when a run repeats.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class DropoutMaskPerStepTest {
    static final String MODEL = """
            model Drop(classes = 3) {
              input x: [2, 6, 6]
              output y = x -> flatten -> dense(40) as fc1 -> relu -> dropout(0.5) as drop -> dense(classes) as fc2
              train {
                optimizer: sgd(lr: 0.01)
                batch: 4
              }
            }
            """;

    @Test
    void batchSeedsDifferPerBatchAndRepeat() {
        Set<Integer> seen = new HashSet<>();
        for (long b = 0; b < 10_000; b++) {
            assertTrue(seen.add(StepVariables.batchSeed(7, b)), "batch " + b);
        }
        assertEquals(StepVariables.batchSeed(7, 123), StepVariables.batchSeed(7, 123));
        assertNotEquals(StepVariables.batchSeed(7, 123), StepVariables.batchSeed(8, 123));
    }

    @Test
    void everyTrainStepDrawsANewMask() {
        Compilation c = new Compiler(List.of()).check("drop.cnn", MODEL, null);
        assertTrue(c.ok());
        Graph g = c.models().get(0);
        LossLowering.Loss loss = Recipes.loss(g);
        Lowered l = Lowering.lower(g, Lowering.Options.training(4, Precision.FP32, loss), Recipes.optimizer(g));
        ModelBinding m = Bindings.of(l);
        Recipe r = Recipes.of(g, Recipes.optimizer(g), loss, 4, "fp32");
        Random rnd = new Random(2);
        float[] x = new float[4 * 72];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        int[] y = {0, 1, 2, 0};
        float[][] masks = new float[3][];
        try (ModelSession s = ModelSession.open(m, r, Devices.select(null))) {
            s.initialize(1);
            for (int step = 0; step < 3; step++) {
                s.trainStep(x, y);
                masks[step] = new float[4 * 40];
                s.executor().buffer("drop.mask").read(masks[step]);
            }
            s.initialize(1);
            s.trainStep(x, y);
            float[] again = new float[4 * 40];
            s.executor().buffer("drop.mask").read(again);
            assertTrue(Arrays.equals(masks[0], again), "a repeated run draws the same first mask");
        }
        assertFalse(Arrays.equals(masks[0], masks[1]));
        assertFalse(Arrays.equals(masks[1], masks[2]));
        for (float[] mask : masks) {
            long kept = 0;
            for (float v : mask) {
                assertTrue(v == 0f || v == 1f, "a mask of zeros and ones: " + v);
                kept += v != 0f ? 1 : 0;
            }
            assertTrue(kept > 50 && kept < 110, "about half of 160 kept: " + kept);
        }
    }
}
