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
        assertEquals("unknown schedule `linear` (known: constant, step, multistep, exponential, cosine, plateau, "
                + "one_cycle)",
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

    static void near(double want, double got, String what) {
        assertEquals(want, got, 1e-18 + 1e-12 * Math.abs(want), what);
    }

    /** The rate of each epoch, observing {@code metric[e]} after epoch e. */
    static double[] plateauRates(Schedule s, double[] metric) {
        double[] lrs = new double[metric.length];
        for (int e = 0; e < metric.length; e++) {
            lrs[e] = s.lr(e, 0, 1);
            s.observe(metric[e]);
        }
        return lrs;
    }

    /** ReduceLROnPlateau as its documentation tells it, written out plainly: rel threshold, no cooldown. */
    static double[] naivePlateau(double lr, double factor, int patience, double threshold, boolean max,
                                 double minLr, double[] metric) {
        double[] lrs = new double[metric.length];
        Double best = null;
        int sinceBest = 0;
        for (int e = 0; e < metric.length; e++) {
            lrs[e] = lr;
            double v = metric[e];
            boolean improved = best == null
                    || (max ? v > best + best * threshold : v < best - best * threshold);
            if (improved) {
                best = v;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            if (sinceBest == patience + 1) {
                double reduced = lr * factor < minLr ? minLr : lr * factor;
                if (lr - reduced > 1e-8) {
                    lr = reduced;
                }
                sinceBest = 0;
            }
        }
        return lrs;
    }

    @Test
    void plateauMatchesPyTorch() {
        double[] metric = {1.0, 0.995, 0.98, 0.97, 0.97, 0.97, 0.96, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        /* torch 1.13:
           p = [torch.nn.Parameter(torch.zeros(1))]; o = torch.optim.SGD(p, lr=0.1)
           s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01, min_lr=0.02)
           for v in metric: lrs.append(o.param_groups[0]['lr']); s.step(v) */
        double[] torch = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        double[] got = plateauRates(Schedule.plateau(0.1, 0.5, 2, 0.01, "min", "test_loss", 0.02), metric);
        double[] naive = naivePlateau(0.1, 0.5, 2, 0.01, false, 0.02, metric);
        for (int e = 0; e < metric.length; e++) {
            near(torch[e], got[e], "min, epoch " + e);
            near(naive[e], got[e], "min naive, epoch " + e);
        }
        double[] acc = {0.5, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7, 0.7};
        /* s = ReduceLROnPlateau(o, mode='max', factor=0.1, patience=1, threshold=1e-4) on a fresh SGD(lr=0.1) */
        double[] torchMax = {0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
            0.0010000000000000002};
        got = plateauRates(Schedule.of("plateau", Map.of("mode", "max", "patience", 1, "metric", "test_accuracy"),
                0.1, 10, 0), acc);
        naive = naivePlateau(0.1, 0.1, 1, 1e-4, true, 0, acc);
        for (int e = 0; e < acc.length; e++) {
            near(torchMax[e], got[e], "max, epoch " + e);
            near(naive[e], got[e], "max naive, epoch " + e);
        }
    }

    @Test
    void plateauStopsAtMinLrAndAgreesWithTheNaiveOneOnNoise() {
        java.util.Random r = new java.util.Random(7);
        double[] metric = new double[200];
        for (int e = 0; e < metric.length; e++) {
            metric[e] = 2.0 / (1 + e * 0.05) + 0.05 * r.nextDouble();
        }
        for (int patience : new int[] {0, 1, 3, 10}) {
            double[] got = plateauRates(Schedule.plateau(0.3, 0.3, patience, 1e-3, "min", "train_loss", 1e-3),
                    metric);
            double[] naive = naivePlateau(0.3, 0.3, patience, 1e-3, false, 1e-3, metric);
            for (int e = 0; e < metric.length; e++) {
                near(naive[e], got[e], "patience " + patience + ", epoch " + e);
            }
        }
        double[] flat = new double[40];
        java.util.Arrays.fill(flat, 1.0);
        double[] lrs = plateauRates(Schedule.plateau(1, 0.1, 0, 0, "min", "test_loss", 1e-3), flat);
        near(1e-3, lrs[39], "never below min_lr");
        assertEquals("test_loss", Schedule.of("plateau", Map.of(), 0.1, 10, 0).metric());
        assertEquals(null, Schedule.constant(0.1).metric());
    }

    /** OneCycleLR as its paper tells it: phase by phase, with the phases' ends as PyTorch places them. */
    static double naiveOneCycle(double maxLr, double pct, double div, double finalDiv, boolean cos, int total,
                                int step) {
        double lo = maxLr / div;
        double hi = maxLr;
        double end = lo / finalDiv;
        double peak = pct * total - 1;
        double from;
        double to;
        double t;
        if (step <= peak) {
            from = lo;
            to = hi;
            t = step / peak;
        } else {
            from = hi;
            to = end;
            t = (step - peak) / (total - 1 - peak);
        }
        double w = cos ? (1 - Math.cos(Math.PI * t)) / 2 : t; // the share of the way from `from` to `to`
        return from + (to - from) * w;
    }

    @Test
    void oneCycleMatchesPyTorch() {
        /* torch 1.13, for anneal in ['cos', 'linear']:
           o = torch.optim.SGD(p, lr=0.1)
           s = torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, epochs=3, steps_per_epoch=4,
                                                   anneal_strategy=anneal, cycle_momentum=False)
           for i in range(12): lrs.append(o.param_groups[0]['lr']); o.step(); s.step() */
        double[] cos = {0.0040000000000000036, 0.0349789654219583, 0.08792851591221287, 0.09944154354509119,
            0.09330129698414118, 0.0811745653949763, 0.06473789976951033, 0.046263710266697504,
            0.028306099820869922, 0.01334775301888306, 0.0034566987425395223, 4e-07};
        double[] linear = {0.004, 0.04092307692307694, 0.07784615384615387, 0.09523811428571428, 0.0833334,
            0.0714286857142857, 0.05952397142857143, 0.04761925714285714, 0.03571454285714286,
            0.023809828571428576, 0.01190511428571428, 3.999999999976245e-07};
        Schedule c = Schedule.of("one_cycle", Map.of(), 0.1, 3, 0);
        Schedule l = Schedule.of("one_cycle", Map.of("max_lr", 0.1, "anneal", "linear"), 0.5, 3, 0);
        for (int i = 0; i < 12; i++) {
            near(cos[i], c.lr(i / 4, i % 4, 4), "cos step " + i);
            near(linear[i], l.lr(i / 4, i % 4, 4), "linear step " + i);
        }
        /* OneCycleLR(o, max_lr=0.5, epochs=2, steps_per_epoch=5, pct_start=0.25, div_factor=10,
                      final_div_factor=100, cycle_momentum=False) */
        double[] other = {0.04999999999999999, 0.38749999999999996, 0.49454236328326795, 0.4523019943451431,
            0.375125, 0.2763559837010965, 0.1730730056548569, 0.08313463106187524, 0.022092021953760407, 0.0005};
        Schedule o = Schedule.oneCycle(0.5, 2, 0.25, 10, 100, "cos");
        for (int i = 0; i < 10; i++) {
            near(other[i], o.lr(i / 5, i % 5, 5), "pct 0.25, step " + i);
        }
    }

    @Test
    void oneCycleAgreesWithTheNaiveOne() {
        for (String anneal : new String[] {"cos", "linear"}) {
            for (int spe : new int[] {1, 7, 100}) {
                int epochs = 5;
                Schedule s = Schedule.oneCycle(0.2, epochs, 0.4, 20, 1e3, anneal);
                for (int i = 0; i < epochs * spe; i++) {
                    assertEquals(naiveOneCycle(0.2, 0.4, 20, 1e3, anneal.equals("cos"), epochs * spe, i),
                            s.lr(i / spe, i % spe, spe), 1e-15, anneal + " " + spe + " step " + i);
                }
            }
        }
        assertThrows(IllegalStateException.class, () -> Schedule.oneCycle(0.1, 2, 0.3, 25, 1e4, "cos").lrAtEpoch(0));
    }
}
