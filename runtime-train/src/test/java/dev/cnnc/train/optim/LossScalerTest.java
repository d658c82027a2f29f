package dev.cnnc.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LossScaler}: PyTorch GradScaler's update rule, its defaults, state and the command line's spelling. */
class LossScalerTest {
    @Test
    void dynamicDefaultsAreGradScalersFromTheCatalog() {
        LossScaler.Settings s = LossScaler.Settings.of("dynamic", Map.of());
        ComponentSpec spec = TrainingCatalogs.LOSS_SCALES.require("dynamic");
        assertEquals(new LossScaler.Settings("dynamic", 65536, 2, 0.5, 2000), s);
        assertEquals(spec.defaultOf("init"), s.init());
        assertEquals(s, LossScaler.Settings.parse("dynamic"));
        assertEquals(LossScaler.Settings.NONE, LossScaler.Settings.parse("none"));
        assertEquals(new LossScaler.Settings("static", 1024, 1, 1, 1), LossScaler.Settings.parse("static:1024"));
        assertEquals(new LossScaler.Settings("dynamic", 8, 2, 0.5, 2000), LossScaler.Settings.parse("dynamic:8"));
        assertEquals(new LossScaler.Settings("dynamic", 4, 4, 0.25, 3), LossScaler.Settings.of("dynamic",
                Map.of("init", 4.0, "growth_factor", 4.0, "backoff_factor", 0.25, "growth_interval", 3)));
        for (String bad : new String[] {"static", "dynamic:x", "always", "none:3", "static:-1", "dynamic:0"}) {
            assertThrows(IllegalArgumentException.class, () -> LossScaler.Settings.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> LossScaler.Settings.of("dynamic",
                Map.of("growth_interval", 0)));
        assertThrows(IllegalArgumentException.class, () -> LossScaler.Settings.of("dynamic", Map.of("scale", 2.0)));
    }

    @Test
    void overflowBacksOffAndSkipsFiniteStepsGrowItAfterTheInterval() {
        LossScaler s = new LossScaler(new LossScaler.Settings("dynamic", 1024, 2, 0.5, 3));
        assertTrue(s.checksGradients());
        assertFalse(s.update(false), "skipped");
        assertFalse(s.update(false), "skipped");
        assertEquals(256, s.scale());
        assertEquals(2, s.skipped());
        assertTrue(s.update(true));
        assertTrue(s.update(true));
        assertEquals(2, s.growthTracker());
        assertFalse(s.update(false), "an overflow resets the tracker");
        assertEquals(128, s.scale());
        assertEquals(0, s.growthTracker());
        for (int i = 0; i < 3; i++) {
            assertTrue(s.update(true));
        }
        assertEquals(256, s.scale(), "grown after 3 finite steps in a row");
        assertEquals(0, s.growthTracker());
        assertTrue(s.update(true));
        assertEquals(1, s.growthTracker());
        assertEquals(3, s.skipped());
    }

    @Test
    void staticAndNoneNeverSkipOrChange() {
        for (LossScaler.Settings settings : new LossScaler.Settings[] {LossScaler.Settings.NONE,
            LossScaler.Settings.parse("static:1024")}) {
            LossScaler s = new LossScaler(settings);
            assertFalse(s.checksGradients());
            assertTrue(s.update(false), "the caller treats it as divergence");
            assertEquals(settings.init(), s.scale());
            assertEquals(0, s.skipped());
        }
        assertEquals("{}", new LossScaler(LossScaler.Settings.NONE).stateDict());
    }

    @Test
    void theStateDictHasGradScalersNamesAndRestoresScaleAndTracker() {
        LossScaler a = new LossScaler(new LossScaler.Settings("dynamic", Math.scalb(1.0, 127), 2, 0.5, 5));
        a.update(false);
        a.update(true);
        a.update(true);
        String json = a.stateDict();
        assertEquals("{\"scale\":" + Math.scalb(1.0, 126) + ",\"growth_factor\":2.0,\"backoff_factor\":0.5,"
                + "\"growth_interval\":5,\"_growth_tracker\":2}", json);
        LossScaler b = new LossScaler(new LossScaler.Settings("dynamic", Math.scalb(1.0, 127), 2, 0.5, 5));
        b.restore(json, 1);
        assertEquals(a.scale(), b.scale());
        assertEquals(a.growthTracker(), b.growthTracker());
        assertEquals(a.skipped(), b.skipped());
        assertEquals(json, b.stateDict());
        LossScaler fresh = new LossScaler(LossScaler.Settings.parse("dynamic"));
        fresh.restore(null, 0); // a checkpoint of a run without scaling: start from init
        assertEquals(65536, fresh.scale());
    }

    /**
     * Power-of-two scales are exact: grad_scale with S is the unscaled one divided by S, bit for
     * bit, clipping included (Σg² of S·g is S²·Σg², its root S·√Σg², divided by S·k).
     */
    @Test
    void gradScaleUnscalesExactlyForPowersOfTwo() {
        double[] sums = {0.0, 1e-6, 0.3, 2.5, 1234.5678, 7e9};
        for (double sumSq : sums) {
            for (int k : new int[] {1, 3, 7}) {
                for (double clip : new double[] {0, 0.5, 5}) {
                    double plain = StepVariables.gradScale(sumSq, k, clip);
                    assertEquals(plain, StepVariables.gradScale(sumSq, k, clip, 1));
                    for (int e : new int[] {1, 16, 40, -3}) {
                        double s = Math.scalb(1.0, e);
                        float scaledSum = (float) (sumSq * s * s); // as the device's fp32 Σ(S·g)² gives it
                        double scaled = StepVariables.gradScale(scaledSum, k, clip, s);
                        assertEquals(StepVariables.gradScale((float) sumSq, k, clip), scaled * s,
                                "Σg² " + sumSq + ", k " + k + ", clip " + clip + ", S 2^" + e);
                        assertEquals((float) StepVariables.gradScale((float) sumSq, k, clip),
                                (float) scaled * (float) s, "as the fp32 variable");
                    }
                }
            }
        }
    }
}
