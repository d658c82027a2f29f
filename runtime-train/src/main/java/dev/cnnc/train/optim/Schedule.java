package dev.cnnc.train.optim;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * </ul>
 *
 * <p><b>Warm-up, per step.</b> With {@code warmup} = W epochs of S steps each, the global step
 * s = epoch·S + step (0-based) is scaled by (s + 1)/(W·S) while s &lt; W·S: the first step runs at
 * η/(W·S), the rate grows by the same amount every step and the last warm-up step (s = W·S − 1)
 * runs at the full scheduled rate; from epoch W on the schedule alone applies. The factor
 * multiplies the schedule's rate for that epoch (t counts warm-up epochs too), so warm-up composes
 * with every schedule. Steps are optimizer steps (with gradient accumulation, batches / k).
 */
public final class Schedule {
    private final String description;
    private final IntToDoubleFunction perEpoch;
    private final int warmup;

    private Schedule(String description, IntToDoubleFunction perEpoch, int warmup) {
        this.description = description;
        this.perEpoch = perEpoch;
        this.warmup = warmup;
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

    /** This schedule with {@code epochs} epochs of linear warm-up (0: none). */
    public Schedule withWarmup(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("warmup must not be negative: " + epochs);
        }
        return new Schedule(description, perEpoch, epochs);
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
            default: // cosine; its period defaults to the run's epochs
                s = cosine(lr, (int) num(options, "t_max", epochs), num(options, spec, "eta_min"));
                break;
        }
        return s.withWarmup(warmup);
    }

    /** The rate of the schedule alone at epoch {@code epoch} (no warm-up). */
    public double lrAtEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
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
        double lr = lrAtEpoch(epoch);
        long warmupSteps = (long) warmup * stepsPerEpoch;
        long s = (long) epoch * stepsPerEpoch + step;
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
