package dev.cnnc.train.optim;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * A learning-rate schedule: the {@code schedule} catalog ({@link TrainingCatalogs#SCHEDULES} has
 * the names, options and defaults), optionally with linear warm-up, giving the learning rate of
 * every optimizer step.
 *
 * <p><b>Per epoch.</b> The schedules change the rate once per epoch, as PyTorch's
 * {@code lr_scheduler}s stepped once per epoch do (their closed forms), with t the 0-based epoch:
 * <ul>
 *   <li>{@code constant}: η_t = η_0.</li>
 *   <li>{@code step(step_size, gamma = 0.1)}: η_t = η_0·γ^⌊t/step_size⌋ (StepLR).</li>
 *   <li>{@code multistep(milestones, gamma = 0.1)}: η_t = η_0·γ^(number of milestones ≤ t)
 *       (MultiStepLR; a milestone listed twice counts twice).</li>
 *   <li>{@code exponential(gamma)}: η_t = η_0·γ^t (ExponentialLR).</li>
 *   <li>{@code cosine(t_max = epochs, eta_min = 0)}: η_t = η_min + (η_0 − η_min)(1 + cos(πt/T))/2
 *       (CosineAnnealingLR's closed form; beyond T it rises again, as PyTorch's does).</li>
 *   <li>{@code plateau(factor = 0.1, patience = 10, threshold = 1e-4, mode = min, metric = test_loss,
 *       min_lr = 0)}: ReduceLROnPlateau with threshold mode {@code rel} and no cooldown. After
 *       every epoch the trainer {@linkplain #observe observes} the epoch's {@link #metric}; a value
 *       is an improvement when it is below best·(1 − threshold) (mode min) or above
 *       best·(1 + threshold) (mode max). After more than {@code patience} epochs in a row without
 *       one, the rate becomes max(η·factor, min_lr) (when that changes it by more than 1e-8) and
 *       the count starts again. The new rate holds from the next epoch on.</li>
 * </ul>
 *
 * <p><b>Per step.</b> {@code one_cycle(max_lr = the optimizer's lr, pct_start = 0.3,
 * div_factor = 25, final_div_factor = 1e4, anneal = cos)} is OneCycleLR (two phases) over
 * N = epochs × steps per epoch optimizer steps: from max_lr/div_factor up to max_lr until step
 * pct_start·N − 1, then down to max_lr/(div_factor·final_div_factor) at step N − 1, each phase
 * annealed by cosine ({@code cos}) or linearly ({@code linear}). Momentum is not cycled.
 *
 * <p><b>Warm-up, per step.</b> With {@code warmup} = W epochs of S steps each, the global step
 * s = epoch·S + step (0-based) is scaled by (s + 1)/(W·S) while s &lt; W·S: the first step runs at
 * η/(W·S), the rate grows by the same amount every step and the last warm-up step (s = W·S − 1)
 * runs at the full scheduled rate; from epoch W on the schedule alone applies. The factor
 * multiplies the schedule's rate for that epoch (t counts warm-up epochs too), so warm-up composes
 * with every schedule. Steps are optimizer steps (with gradient accumulation, batches / k).
 */
public final class Schedule {
    /** The metrics a {@code plateau} schedule may watch. */
    public static final Set<String> METRICS = Set.of("test_loss", "test_accuracy", "train_loss", "train_accuracy",
            "val_loss", "val_accuracy");

    private final String description;
    /** The rate of an epoch, or null for a schedule per step. */
    private final IntToDoubleFunction perEpoch;
    /** The rate of a step (global 0-based step, steps per epoch), when {@code perEpoch} is null. */
    private final PerStep perStep;
    /** The state of a {@code plateau} schedule, else null. */
    private final Plateau plateau;
    private final int warmup;

    /** A rate per optimizer step. */
    @FunctionalInterface
    private interface PerStep {
        double at(long step, int stepsPerEpoch);
    }

    private Schedule(String description, IntToDoubleFunction perEpoch, int warmup) {
        this(description, perEpoch, null, null, warmup);
    }

    private Schedule(String description, IntToDoubleFunction perEpoch, PerStep perStep, Plateau plateau,
                     int warmup) {
        this.description = description;
        this.perEpoch = perEpoch;
        this.perStep = perStep;
        this.plateau = plateau;
        this.warmup = warmup;
    }

    /** ReduceLROnPlateau's state: the current rate, the best value, the epochs since it. */
    private static final class Plateau {
        final String metric;
        final boolean max;
        final double factor;
        final int patience;
        final double threshold;
        final double minLr;
        double lr;
        double best;
        int bad;

        Plateau(double lr, double factor, int patience, double threshold, boolean max, String metric, double minLr) {
            this.lr = lr;
            this.factor = factor;
            this.patience = patience;
            this.threshold = threshold;
            this.max = max;
            this.metric = metric;
            this.minLr = minLr;
            this.best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        void observe(double v) {
            boolean better = max ? v > best * (1 + threshold) : v < best * (1 - threshold);
            if (better) {
                best = v;
                bad = 0;
            } else {
                bad++;
            }
            if (bad > patience) {
                double next = Math.max(lr * factor, minLr);
                if (lr - next > 1e-8) {
                    lr = next;
                }
                bad = 0;
            }
        }
    }

    public static Schedule constant(double lr) {
        positive("lr", lr);
        return new Schedule("constant(lr=" + lr + ")", t -> lr, 0);
    }

    public static Schedule step(double lr, int stepSize, double gamma) {
        positive("lr", lr);
        positive("gamma", gamma);
        if (stepSize < 1) {
            throw new IllegalArgumentException("step_size must be at least 1: " + stepSize);
        }
        return new Schedule("step(lr=" + lr + ", step_size=" + stepSize + ", gamma=" + gamma + ")",
                t -> lr * Math.pow(gamma, t / stepSize), 0);
    }

    public static Schedule multistep(double lr, int[] milestones, double gamma) {
        positive("lr", lr);
        positive("gamma", gamma);
        if (milestones.length == 0) {
            throw new IllegalArgumentException("multistep needs at least one milestone");
        }
        int[] m = milestones.clone();
        Arrays.sort(m);
        if (m[0] < 1) {
            throw new IllegalArgumentException("milestones must be at least 1: " + Arrays.toString(milestones));
        }
        return new Schedule("multistep(lr=" + lr + ", milestones=" + Arrays.toString(m) + ", gamma=" + gamma + ")",
                t -> {
                    int passed = 0;
                    for (int x : m) {
                        if (x <= t) {
                            passed++;
                        }
                    }
                    return lr * Math.pow(gamma, passed);
                }, 0);
    }

    public static Schedule exponential(double lr, double gamma) {
        positive("lr", lr);
        positive("gamma", gamma);
        return new Schedule("exponential(lr=" + lr + ", gamma=" + gamma + ")", t -> lr * Math.pow(gamma, t), 0);
    }

    public static Schedule cosine(double lr, int tMax, double etaMin) {
        positive("lr", lr);
        if (tMax < 1) {
            throw new IllegalArgumentException("t_max must be at least 1: " + tMax);
        }
        if (!(etaMin >= 0)) {
            throw new IllegalArgumentException("eta_min must not be negative: " + etaMin);
        }
        return new Schedule("cosine(lr=" + lr + ", t_max=" + tMax + ", eta_min=" + etaMin + ")",
                t -> etaMin + (lr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2, 0);
    }

    /**
     * ReduceLROnPlateau (threshold mode rel, no cooldown) from rate {@code lr}, watching
     * {@code metric} (one of {@link #METRICS}) in {@code mode} min or max.
     */
    public static Schedule plateau(double lr, double factor, int patience, double threshold, String mode,
                                   String metric, double minLr) {
        positive("lr", lr);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1): " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must not be negative: " + patience);
        }
        if (!(threshold >= 0) || !(minLr >= 0)) {
            throw new IllegalArgumentException("threshold and min_lr must not be negative: " + threshold + ", "
                    + minLr);
        }
        if (!mode.equals("min") && !mode.equals("max")) {
            throw new IllegalArgumentException("mode must be min or max: " + mode);
        }
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("metric must be one of " + new java.util.TreeSet<>(METRICS) + ": "
                    + metric);
        }
        return new Schedule("plateau(lr=" + lr + ", factor=" + factor + ", patience=" + patience + ", threshold="
                + threshold + ", mode=" + mode + ", metric=" + metric + ", min_lr=" + minLr + ")", null, null,
                new Plateau(lr, factor, patience, threshold, mode.equals("max"), metric, minLr), 0);
    }

    /**
     * OneCycleLR (two phases, no momentum cycling) over {@code epochs} epochs: {@code anneal} is
     * {@code cos} or {@code linear}.
     */
    public static Schedule oneCycle(double maxLr, int epochs, double pctStart, double divFactor,
                                    double finalDivFactor, String anneal) {
        positive("max_lr", maxLr);
        positive("div_factor", divFactor);
        positive("final_div_factor", finalDivFactor);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("pct_start must be in (0, 1): " + pctStart);
        }
        boolean cos;
        if (anneal.equals("cos")) {
            cos = true;
        } else if (anneal.equals("linear")) {
            cos = false;
        } else {
            throw new IllegalArgumentException("anneal must be cos or linear: " + anneal);
        }
        double initial = maxLr / divFactor;
        double last = initial / finalDivFactor;
        PerStep f = (step, stepsPerEpoch) -> {
            double total = (double) epochs * stepsPerEpoch;
            double end1 = pctStart * total - 1;
            double end2 = total - 1;
            if (step <= end1) {
                return anneal(initial, maxLr, step / end1, cos);
            }
            return anneal(maxLr, last, (step - end1) / (end2 - end1), cos);
        };
        return new Schedule("one_cycle(max_lr=" + maxLr + ", pct_start=" + pctStart + ", div_factor=" + divFactor
                + ", final_div_factor=" + finalDivFactor + ", anneal=" + anneal + ")", null, f, null, 0);
    }

    private static double anneal(double start, double end, double pct, boolean cos) {
        return cos ? end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;
    }

    /** This schedule with {@code epochs} epochs of linear warm-up (0: none). */
    public Schedule withWarmup(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("warmup must not be negative: " + epochs);
        }
        return new Schedule(description, perEpoch, perStep, plateau, epochs);
    }

    /** The metric a {@code plateau} schedule watches ({@link #observe} it after every epoch), else null. */
    public String metric() {
        return plateau == null ? null : plateau.metric;
    }

    /**
     * Gives a {@code plateau} schedule the value of its {@link #metric} after an epoch (in order,
     * once per epoch; a resumed run gives the earlier epochs' values again first); other schedules
     * ignore it.
     */
    public void observe(double value) {
        if (plateau != null) {
            plateau.observe(value);
        }
    }

    /**
     * The schedule {@code name} of the language's catalog with its {@code options} (numbers, and
     * for {@code milestones} an {@code int[]} or a list of numbers; missing options take the
     * catalog's defaults), the optimizer's {@code lr}, the run's {@code epochs} (cosine's default
     * period) and {@code warmup} epochs.
     */
    public static Schedule of(String name, Map<String, ?> options, double lr, int epochs, int warmup) {
        ComponentSpec spec = TrainingCatalogs.SCHEDULES.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown schedule `" + name + "` (known: "
                    + String.join(", ", TrainingCatalogs.SCHEDULES.names()) + ")");
        }
        for (String k : options.keySet()) {
            if (spec.option(k) == null) {
                throw new IllegalArgumentException("schedule `" + name + "` has no option `" + k + "`");
            }
        }
        Schedule s;
        switch (name) {
            case "constant":
                s = constant(lr);
                break;
            case "step":
                s = step(lr, (int) required(options, "step_size", name), num(options, spec, "gamma"));
                break;
            case "multistep":
                s = multistep(lr, ints(options.get("milestones"), name), num(options, spec, "gamma"));
                break;
            case "exponential":
                s = exponential(lr, required(options, "gamma", name));
                break;
            case "plateau":
                s = plateau(lr, num(options, spec, "factor"), (int) num(options, spec, "patience"),
                        num(options, spec, "threshold"), word(options, spec, "mode"), word(options, spec, "metric"),
                        num(options, spec, "min_lr"));
                break;
            case "one_cycle":
                s = oneCycle(num(options, "max_lr", lr), epochs, num(options, spec, "pct_start"),
                        num(options, spec, "div_factor"), num(options, spec, "final_div_factor"),
                        word(options, spec, "anneal"));
                break;
            default: // cosine; its period defaults to the run's epochs
                s = cosine(lr, (int) num(options, "t_max", epochs), num(options, spec, "eta_min"));
                break;
        }
        return s.withWarmup(warmup);
    }

    /**
     * The rate of the schedule alone at epoch {@code epoch} (no warm-up); for {@code plateau},
     * the rate it has reached.
     *
     * @throws IllegalStateException for a schedule per step ({@code one_cycle})
     */
    public double lrAtEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
        if (plateau != null) {
            return plateau.lr;
        }
        if (perEpoch == null) {
            throw new IllegalStateException(description + " changes the rate every step, not every epoch");
        }
        return perEpoch.applyAsDouble(epoch);
    }

    /**
     * The learning rate of optimizer step {@code step} (0-based) of epoch {@code epoch} (0-based)
     * when an epoch has {@code stepsPerEpoch} steps.
     */
    public double lr(int epoch, int step, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be at least 1: " + stepsPerEpoch);
        }
        if (step < 0 || step >= stepsPerEpoch) {
            throw new IllegalArgumentException("step " + step + " is not in [0, " + stepsPerEpoch + ")");
        }
        long s = (long) epoch * stepsPerEpoch + step;
        double lr = perStep != null ? perStep.at(s, stepsPerEpoch) : lrAtEpoch(epoch);
        long warmupSteps = (long) warmup * stepsPerEpoch;
        return s < warmupSteps ? lr * (s + 1) / warmupSteps : lr;
    }

    public int warmupEpochs() {
        return warmup;
    }

    @Override
    public String toString() {
        return warmup == 0 ? description : description + " with " + dev.cnnc.train.report.Words.count(warmup, "warm-up epoch");
    }

    private static void positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive: " + v);
        }
    }

    private static double required(Map<String, ?> options, String key, String name) {
        if (options.get(key) == null) {
            throw new IllegalArgumentException("schedule `" + name + "` needs option `" + key + "`");
        }
        return num(options, key, 0);
    }

    /** Option {@code key}, or the catalog's default for {@code spec} when it is not given. */
    private static double num(Map<String, ?> options, ComponentSpec spec, String key) {
        return options.get(key) == null ? spec.defaultOf(key) : num(options, key, 0);
    }

    private static double num(Map<String, ?> options, String key, double dflt) {
        Object v = options.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("option `" + key + "` must be a number, got " + v);
        }
        return n.doubleValue();
    }

    /** Word option {@code key}, or the catalog's default for {@code spec}. */
    private static String word(Map<String, ?> options, ComponentSpec spec, String key) {
        Object v = options.get(key);
        if (v == null) {
            return (String) spec.option(key).defaultValue();
        }
        if (!(v instanceof String w)) {
            throw new IllegalArgumentException("option `" + key + "` must be a word, got " + v);
        }
        return w;
    }

    private static int[] ints(Object v, String name) {
        if (v == null) {
            throw new IllegalArgumentException("schedule `" + name + "` needs option `milestones`");
        }
        if (v instanceof int[] a) {
            return a.clone();
        }
        if (v instanceof Number n) {
            return new int[] {n.intValue()};
        }
        if (v instanceof List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("milestones must be integers, got " + l.get(i));
                }
                out[i] = n.intValue();
            }
            return out;
        }
        throw new IllegalArgumentException("milestones must be a list of integers, got " + v);
    }
}
