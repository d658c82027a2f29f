package dev.cnnc.train;

import dev.cnnc.train.data.Augmentation;
import dev.cnnc.train.data.Augmentations;
import dev.cnnc.train.optim.LossScaler;
import dev.cnnc.train.optim.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's training recipe in host terms: what its {@code train { }} section says, with the
 * catalog's defaults filled in. The compiler makes it from the checked section; a compiled
 * model's generated class makes it from literals. Options that shape the device program
 * (optimizer constants, batch, precision, loss) are baked into the kernels; the recipe keeps
 * them for display and for the host's share of the step (Adam's bias corrections).
 *
 * @param optimizer     sgd, adam or adamw
 * @param optimizerText the optimizer with all its options, for messages
 * @param schedule      a schedule of {@link Schedule#of}, with its options
 * @param gradClip      global L2 norm to clip to, 0 for none
 * @param mean          per-channel (or one) normalisation mean, null for none
 * @param data          the dataset name or folder, null when the section names none
 * @param classes       class names in label order, empty when the section names none
 * @param earlyStop     {@code early_stop} with its options, null for none
 * @param val           the fraction of each class held out for validation, 0 for none
 * @param interpolation how {@code predict} resizes an image to the model's input: {@code bilinear}
 *                      (null means it) or {@code nearest} ({@link dev.cnnc.train.data.ImageInput})
 * @param lossScale     {@code loss_scale} with its options ({@code none}, {@code dynamic},
 *                      {@code static}), null when the section names none: then dynamic with
 *                      PyTorch GradScaler's defaults in mixed precision, else none
 *                      ({@link dev.cnnc.train.optim.LossScaler})
 */
public record Recipe(int epochs, int batch, long seed, String optimizer, String optimizerText, double lr,
                     double beta1, double beta2, String schedule, Map<String, Object> scheduleOptions, int warmup,
                     double gradClip, int accumulate, List<Step> augment, double[] mean, double[] std, String data,
                     List<String> classes, String loss, String precision, Step earlyStop, double val,
                     String interpolation, Step lossScale) {

    /** A recipe without loss scaling. */
    public Recipe(int epochs, int batch, long seed, String optimizer, String optimizerText, double lr,
                  double beta1, double beta2, String schedule, Map<String, Object> scheduleOptions, int warmup,
                  double gradClip, int accumulate, List<Step> augment, double[] mean, double[] std, String data,
                  List<String> classes, String loss, String precision, Step earlyStop, double val,
                  String interpolation) {
        this(epochs, batch, seed, optimizer, optimizerText, lr, beta1, beta2, schedule, scheduleOptions, warmup,
                gradClip, accumulate, augment, mean, std, data, classes, loss, precision, earlyStop, val,
                interpolation, null);
    }

    /** A recipe that resizes images bilinearly (the default). */
    public Recipe(int epochs, int batch, long seed, String optimizer, String optimizerText, double lr,
                  double beta1, double beta2, String schedule, Map<String, Object> scheduleOptions, int warmup,
                  double gradClip, int accumulate, List<Step> augment, double[] mean, double[] std, String data,
                  List<String> classes, String loss, String precision, Step earlyStop, double val) {
        this(epochs, batch, seed, optimizer, optimizerText, lr, beta1, beta2, schedule, scheduleOptions, warmup,
                gradClip, accumulate, augment, mean, std, data, classes, loss, precision, earlyStop, val, null);
    }

    /** A recipe without early stopping. */
    public Recipe(int epochs, int batch, long seed, String optimizer, String optimizerText, double lr,
                  double beta1, double beta2, String schedule, Map<String, Object> scheduleOptions, int warmup,
                  double gradClip, int accumulate, List<Step> augment, double[] mean, double[] std, String data,
                  List<String> classes, String loss, String precision) {
        this(epochs, batch, seed, optimizer, optimizerText, lr, beta1, beta2, schedule, scheduleOptions, warmup,
                gradClip, accumulate, augment, mean, std, data, classes, loss, precision, null, 0, null);
    }

    /** One augmentation of the pipeline, by the catalog's name. */
    public record Step(String name, Map<String, Object> options) {
        public Step {
            Objects.requireNonNull(name, "name");
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }

    public Recipe {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        scheduleOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scheduleOptions));
        augment = List.copyOf(augment);
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
        classes = List.copyOf(classes);
        interpolation = interpolation == null ? dev.cnnc.train.data.ImageInput.BILINEAR : interpolation;
        if (!dev.cnnc.train.data.ImageInput.INTERPOLATIONS.contains(interpolation)) {
            throw new IllegalArgumentException("interpolation is " + String.join(" or ",
                    dev.cnnc.train.data.ImageInput.INTERPOLATIONS) + ", not " + interpolation);
        }
    }

    @Override
    public double[] mean() {
        return mean == null ? null : mean.clone();
    }

    @Override
    public double[] std() {
        return std == null ? null : std.clone();
    }

    /**
     * The run's settings: this recipe with {@code epochs}, {@code seed} and base rate {@code lr}
     * (which may differ from the section's), on the first {@code limit}/{@code testLimit}
     * samples (0: all).
     */
    public TrainConfig config(int epochs, long seed, double lr, int limit, int testLimit) {
        Schedule s = Schedule.of(schedule, scheduleOptions, lr, epochs, warmup);
        List<Augmentation> steps = new ArrayList<>();
        for (Step a : augment) {
            steps.add(Augmentations.create(a.name(), a.options()));
        }
        return new TrainConfig(epochs, seed, optimizer, beta1, beta2, s, gradClip, accumulate, steps, mean, std, limit,
                testLimit, earlyStop == null ? null : EarlyStop.of(earlyStop.options()), val,
                lossScale != null ? LossScaler.Settings.of(lossScale.name(), lossScale.options())
                        : "mixed".equals(precision) ? LossScaler.Settings.of(LossScaler.DYNAMIC, Map.of())
                        : LossScaler.Settings.NONE);
    }

    /** Class names for {@code k} outputs: the recipe's, else those of the data, else the indices. */
    public List<String> classNames(int k, List<String> fromData) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(i < classes.size() ? classes.get(i)
                    : fromData != null && i < fromData.size() ? fromData.get(i) : Integer.toString(i));
        }
        return names;
    }
}
