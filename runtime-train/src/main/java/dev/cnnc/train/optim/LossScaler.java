package dev.cnnc.train.optim;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import dev.cnnc.train.io.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Loss scaling with the semantics of PyTorch's {@code torch.cuda.amp.GradScaler}: the gradient
 * seed of the loss is multiplied by the scale S ({@value StepVariables#LOSS_SCALE}, a run-time
 * variable of the {@code loss} phase, so S changes without rebuilding), and the optimizer step
 * divides the gradients by S again (folded into {@value StepVariables#GRAD_SCALE} by
 * {@link StepVariables#gradScale(double, int, double, double)}, with 1/k and clipping).
 *
 * <ul>
 *   <li>{@code none}: S = 1 always; nothing changes.</li>
 *   <li>{@code static(scale)}: S fixed; a non-finite gradient ends the run ("diverged") as
 *       without scaling.</li>
 *   <li>{@code dynamic(init, growth_factor, backoff_factor, growth_interval)}: S starts at
 *       {@code init}. After each step's backward (and k accumulated batches) the host checks Σg²
 *       of the scaled gradients ({@value StepVariables#GRAD_NORM}); inf or NaN in any gradient
 *       makes it so. Not finite: the optimizer step is skipped (parameters, optimizer state and
 *       Adam's step count t untouched, as {@code scaler.step(optimizer)} skips
 *       {@code optimizer.step()}), S ×= backoff_factor, the growth tracker = 0. Finite: the step
 *       is taken, the tracker counts it, and when it reaches growth_interval S ×= growth_factor
 *       and the tracker = 0 ({@code scaler.update()}).</li>
 * </ul>
 *
 * <p>The state a checkpoint keeps ({@link #stateDict}) is {@code GradScaler.state_dict()}'s:
 * {@code scale}, {@code growth_factor}, {@code backoff_factor}, {@code growth_interval},
 * {@code _growth_tracker}.
 */
public final class LossScaler {
    public static final String NONE = "none";
    public static final String DYNAMIC = "dynamic";
    public static final String STATIC = "static";

    /** The keys of {@link #stateDict}: PyTorch's {@code GradScaler.state_dict()}. */
    public static final String SCALE = "scale";
    public static final String GROWTH_FACTOR = "growth_factor";
    public static final String BACKOFF_FACTOR = "backoff_factor";
    public static final String GROWTH_INTERVAL = "growth_interval";
    public static final String GROWTH_TRACKER = "_growth_tracker";

    /**
     * What a run's {@code loss_scale} says: {@code kind} (none, static, dynamic), the first
     * scale, and dynamic's factors and interval (none and static: 1, 1, 1 and 1, unused).
     */
    public record Settings(String kind, double init, double growthFactor, double backoffFactor, int growthInterval) {
        public static final Settings NONE = new Settings(LossScaler.NONE, 1, 1, 1, 1);

        public Settings {
            TrainingCatalogs.LOSS_SCALES.require(kind);
            if (!(init > 0) || !Double.isFinite(init)) {
                throw new IllegalArgumentException("the loss scale must be positive and finite: " + init);
            }
            if (kind.equals(DYNAMIC)) {
                if (!(growthFactor > 1) || !Double.isFinite(growthFactor)) {
                    throw new IllegalArgumentException("growth_factor must be greater than 1: " + growthFactor);
                }
                if (!(backoffFactor > 0 && backoffFactor < 1)) {
                    throw new IllegalArgumentException("backoff_factor must be in (0, 1): " + backoffFactor);
                }
                if (growthInterval < 1) {
                    throw new IllegalArgumentException("growth_interval must be at least 1: " + growthInterval);
                }
            }
        }

        /**
         * From a {@code loss_scale} component's options ({@link TrainingCatalogs#LOSS_SCALES});
         * those left out take its defaults.
         */
        public static Settings of(String name, Map<String, ?> options) {
            ComponentSpec spec = TrainingCatalogs.LOSS_SCALES.require(name);
            for (String k : options.keySet()) {
                if (spec.option(k) == null) {
                    throw new IllegalArgumentException("loss scale " + name + " has no option `" + k + "`");
                }
            }
            switch (name) {
                case DYNAMIC:
                    return new Settings(DYNAMIC, number(spec, options, "init"), number(spec, options, "growth_factor"),
                            number(spec, options, "backoff_factor"),
                            (int) number(spec, options, "growth_interval"));
                case STATIC:
                    if (!(options.get("scale") instanceof Number)) {
                        throw new IllegalArgumentException("loss scale static needs option `scale`");
                    }
                    return new Settings(STATIC, number(spec, options, "scale"), 1, 1, 1);
                default:
                    return NONE;
            }
        }

        private static double number(ComponentSpec spec, Map<String, ?> options, String name) {
            Object v = options.get(name);
            return v instanceof Number n ? n.doubleValue() : spec.defaultOf(name);
        }

        /**
         * A command line's {@code --loss-scale}: {@code none}, {@code dynamic} (the catalog's
         * defaults), {@code dynamic:INIT}, or {@code static:S}.
         *
         * @throws IllegalArgumentException naming what is accepted
         */
        public static Settings parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            int colon = t.indexOf(':');
            String name = colon < 0 ? t : t.substring(0, colon);
            String value = colon < 0 ? null : t.substring(colon + 1).trim();
            try {
                if (name.equals(LossScaler.NONE) && value == null) {
                    return NONE;
                }
                if (name.equals(DYNAMIC)) {
                    return of(DYNAMIC, value == null ? Map.of() : Map.of("init", Double.parseDouble(value)));
                }
                if (name.equals(STATIC) && value != null) {
                    return of(STATIC, Map.of("scale", Double.parseDouble(value)));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("`" + text + "` is not a loss scale: give none, dynamic, dynamic:INIT "
                    + "(the first scale, e.g. dynamic:65536) or static:S (e.g. static:1024)");
        }

        public boolean dynamic() {
            return kind.equals(DYNAMIC);
        }

        /** Whether gradients are scaled at all. */
        public boolean scaling() {
            return !kind.equals(LossScaler.NONE);
        }

        @Override
        public String toString() {
            switch (kind) {
                case DYNAMIC:
                    return String.format(Locale.ROOT, "loss scale dynamic(init: %s, growth_factor: %s, "
                                    + "backoff_factor: %s, growth_interval: %d)", format(init), format(growthFactor),
                            format(backoffFactor), growthInterval);
                case STATIC:
                    return "loss scale static(scale: " + format(init) + ")";
                default:
                    return "no loss scaling";
            }
        }
    }

    private final Settings settings;
    private double scale;
    private int growthTracker;
    private long skipped;

    public LossScaler(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scale = settings.init();
    }

    public Settings settings() {
        return settings;
    }

    /** The current scale S (1 without scaling). */
    public double scale() {
        return scale;
    }

    /** Finite steps in a row since S last changed ({@code _growth_tracker}). */
    public int growthTracker() {
        return growthTracker;
    }

    /** Steps skipped because their gradients were not finite, over the whole run. */
    public long skipped() {
        return skipped;
    }

    /**
     * Whether the host must read Σg² to decide the step ({@link #update}): a dynamic scale checks
     * every step's gradients.
     */
    public boolean checksGradients() {
        return settings.dynamic();
    }

    /**
     * {@code scaler.update()} after a step whose scaled gradients were {@code finite} or not;
     * returns whether the optimizer step is taken (always for none and static, whose non-finite
     * gradients the caller treats as divergence).
     */
    public boolean update(boolean finite) {
        if (!settings.dynamic()) {
            return true;
        }
        if (!finite) {
            scale *= settings.backoffFactor();
            growthTracker = 0;
            skipped++;
            return false;
        }
        if (++growthTracker == settings.growthInterval()) {
            scale *= settings.growthFactor();
            growthTracker = 0;
        }
        return true;
    }

    /** {@code GradScaler.state_dict()} as JSON (an empty object without a dynamic or static scale). */
    public String stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (settings.scaling()) {
            m.put(SCALE, scale);
            m.put(GROWTH_FACTOR, settings.growthFactor());
            m.put(BACKOFF_FACTOR, settings.backoffFactor());
            m.put(GROWTH_INTERVAL, settings.growthInterval());
            m.put(GROWTH_TRACKER, growthTracker);
        }
        return Json.write(m);
    }

    /**
     * Continues from a checkpoint's {@link #stateDict} ({@code json}, null or empty for none):
     * the scale and growth tracker of a dynamic scaler, as {@code scaler.load_state_dict}; the
     * factors and the interval stay this run's settings. A static or no scale keeps its own.
     * {@code skipped} is the run's count of skipped steps so far.
     */
    public void restore(String json, long skipped) {
        this.skipped = skipped;
        if (!settings.dynamic() || json == null) {
            return;
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("the checkpoint's loss scaler state is not JSON: " + e.getMessage());
        }
        if (parsed instanceof Map<?, ?> m && m.get(SCALE) instanceof Number s) {
            double v = s.doubleValue();
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("the checkpoint's loss scale is not positive and finite: " + v);
            }
            scale = v;
            growthTracker = m.get(GROWTH_TRACKER) instanceof Number g ? g.intValue() : 0;
            if (growthTracker >= settings.growthInterval()) {
                growthTracker = 0; // a shorter interval than the saved run's: as if it had just grown
            }
        }
    }

    /** A scale or factor for messages: 65536, 0.5, 1.7014118346046923E38. */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
