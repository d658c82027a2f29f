package dev.cnnc.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedules against values computed by hand from the seed's formulas, at chosen epochs and steps. */
class ScheduleTest {
    static void close(double want, double got, String what) {
        assertEquals(want, got, 1e-15 * Math.abs(want), what);
    }

    @Test
    void constant() {
        Schedule s = Schedule.constant(0.1);
        for (int e : new int[] {0, 1, 7, 1000}) {
            close(0.1, s.lr(e, 3, 10), "epoch " + e);
        }
    }

    @Test
    void stepDecaysAtTheBoundaries() {
        Schedule s = Schedule.step(0.1, 30, 0.1);
        close(0.1, s.lrAtEpoch(0), "0");
        close(0.1, s.lrAtEpoch(29), "29");
        close(0.01, s.lrAtEpoch(30), "30");
        close(0.01, s.lrAtEpoch(59), "59");
        close(0.001, s.lrAtEpoch(60), "60");
        // Per epoch: every step of an epoch has its epoch's rate.
        close(0.1, s.lr(29, 99, 100), "last step of epoch 29");
        close(0.01, s.lr(30, 0, 100), "first step of epoch 30");
        Schedule half = Schedule.step(1.0, 2, 0.5);
        double[] want = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125};
        for (int e = 0; e < want.length; e++) {
            close(want[e], half.lrAtEpoch(e), "epoch " + e);
        }
    }

    @Test
    void multistep() {
        Schedule s = Schedule.multistep(0.1, new int[] {80, 30}, 0.1);
        close(0.1, s.lrAtEpoch(29), "29");
        close(0.01, s.lrAtEpoch(30), "30");
        close(0.01, s.lrAtEpoch(79), "79");
        close(0.001, s.lrAtEpoch(80), "80");
        close(0.001, s.lrAtEpoch(500), "500");
        // A milestone listed twice decays twice (PyTorch counts milestones).
        Schedule twice = Schedule.multistep(1.0, new int[] {5, 5}, 0.5);
        close(1.0, twice.lrAtEpoch(4), "4");
        close(0.25, twice.lrAtEpoch(5), "5");
    }

    @Test
    void exponential() {
        Schedule s = Schedule.exponential(0.1, 0.9);
        close(0.1, s.lrAtEpoch(0), "0");
        close(0.09, s.lrAtEpoch(1), "1");
        close(0.0729, s.lrAtEpoch(3), "3");
    }

    @Test
    void cosineAtZeroHalfAndEnd() {
        Schedule s = Schedule.cosine(0.1, 10, 0.001);
        close(0.1, s.lrAtEpoch(0), "t = 0: η_max");
        close(0.0505, s.lrAtEpoch(5), "t = T/2: (η_max + η_min)/2");
        close(0.001, s.lrAtEpoch(10), "t = T: η_min");
        // t = T/4: η_min + (η_max - η_min)(1 + √2/2)/2
        Schedule q = Schedule.cosine(1.0, 4, 0);
        close((1 + Math.sqrt(0.5)) / 2, q.lrAtEpoch(1), "T/4");
        close((1 - Math.sqrt(0.5)) / 2, q.lrAtEpoch(3), "3T/4");
        // Beyond T the closed form rises again, as PyTorch's CosineAnnealingLR.
        close(0.1, s.lrAtEpoch(20), "t = 2T");
        // Default period: the run's epochs.
        Schedule d = Schedule.of("cosine", Map.of(), 0.2, 8, 0);
        close(0.1, d.lrAtEpoch(4), "half of 8 epochs");
        assertEquals(0.0, d.lrAtEpoch(8), 1e-17, "end of 8 epochs");
    }

    @Test
    void warmupRampsLinearlyPerStep() {
        // 2 warm-up epochs of 5 steps: step s (0-based) runs at 0.1 (s + 1)/10.
        Schedule s = Schedule.constant(0.1).withWarmup(2);
        double prev = 0;
        for (int e = 0; e < 2; e++) {
            for (int k = 0; k < 5; k++) {
                int g = e * 5 + k;
                double lr = s.lr(e, k, 5);
                close(0.1 * (g + 1) / 10, lr, "warm-up step " + g);
                close(0.01, lr - prev, "equal increments, step " + g);
                prev = lr;
            }
        }
        close(0.01, s.lr(0, 0, 5), "first step: lr / (W·S)");
        close(0.1, s.lr(1, 4, 5), "last warm-up step: the full rate");
        close(0.1, s.lr(2, 0, 5), "after warm-up");
        close(0.1, s.lr(9, 3, 5), "later");
    }

    @Test
    void warmupComposesWithTheSchedule() {
        // step(step_size 1, gamma 0.5) with 2 warm-up epochs of 5 steps: epoch 1 has rate 0.05,
        // scaled by (s + 1)/10 for s = 5..9.
        Schedule s = Schedule.step(0.1, 1, 0.5).withWarmup(2);
        close(0.1 * 1 / 10, s.lr(0, 0, 5), "s = 0");
        close(0.05 * 6 / 10, s.lr(1, 0, 5), "s = 5");
        close(0.05, s.lr(1, 4, 5), "s = 9");
        close(0.025, s.lr(2, 0, 5), "after warm-up");
        Schedule c = Schedule.of("cosine", Map.of("t_max", 10), 0.1, 10, 1);
        close(0.1 * 3 / 4, c.lr(0, 2, 4), "cosine epoch 0 with warm-up");
        close(c.lrAtEpoch(1), c.lr(1, 0, 4), "cosine after warm-up");
    }

    @Test
    void fromTheCatalog() {
        close(0.001, Schedule.of("step", Map.of("step_size", 2), 0.1, 10, 0).lrAtEpoch(4), "gamma default 0.1");
        close(0.01, Schedule.of("multistep", Map.of("milestones", List.of(3, 6)), 0.1, 10, 0).lrAtEpoch(3), "list");
        close(0.001, Schedule.of("multistep", Map.of("milestones", new int[] {3, 6}, "gamma", 0.1), 0.1, 10, 0)
                .lrAtEpoch(6), "int[]");
        close(0.05, Schedule.of("exponential", Map.of("gamma", 0.5), 0.1, 10, 0).lrAtEpoch(1), "exponential");
        close(0.1, Schedule.of("constant", Map.of(), 0.1, 10, 0).lrAtEpoch(9), "constant");
        assertEquals(3, Schedule.of("constant", Map.of(), 0.1, 10, 3).warmupEpochs());
        assertEquals("schedule `step` needs option `step_size`",
                assertThrows(IllegalArgumentException.class, () -> Schedule.of("step", Map.of(), 0.1, 10, 0))
                        .getMessage());
        assertEquals("schedule `cosine` has no option `gamma`", assertThrows(IllegalArgumentException.class,
                () -> Schedule.of("cosine", Map.of("gamma", 0.1), 0.1, 10, 0)).getMessage());
        assertEquals("unknown schedule `linear` (known: constant, step, multistep, exponential, cosine)",
                assertThrows(IllegalArgumentException.class, () -> Schedule.of("linear", Map.of(), 0.1, 10, 0))
                        .getMessage());
    }

    @Test
    void rejectsStepsOutsideTheEpoch() {
        Schedule s = Schedule.constant(0.1);
        assertEquals("step 5 is not in [0, 5)",
                assertThrows(IllegalArgumentException.class, () -> s.lr(0, 5, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.lr(-1, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> s.lr(0, 0, 0));
    }
}
