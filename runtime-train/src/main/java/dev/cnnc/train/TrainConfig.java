package dev.cnnc.train;

import dev.cnnc.train.data.Augmentation;
import dev.cnnc.train.optim.LossScaler;
import dev.cnnc.train.optim.Schedule;
import java.util.List;

/**
 * A training run's settings, resolved from the model's {@code train} section and the command
 * line.
 *
 * @param optimizer  sgd, adam or adamw (its constants are baked into the program; Adam's betas
 *                   are needed here for the bias corrections)
 * @param gradClip   global L2 norm to clip to, 0 for none
 * @param accumulate batches per optimizer step
 * @param mean       per-channel (or one) normalisation mean, null for none
 * @param limit      use only the first {@code limit} training samples (0: all)
 * @param testLimit  evaluate on the first {@code testLimit} test samples (0: all)
 * @param earlyStop  when to end the run early, null for never
 * @param valSplit   the fraction of each class of the training set held out for validation, 0 for none
 * @param lossScale  how the loss is scaled ({@link LossScaler}; {@link LossScaler.Settings#NONE} for not)
 */
public record TrainConfig(int epochs, long seed, String optimizer, double beta1, double beta2, Schedule schedule,
                          double gradClip, int accumulate, List<Augmentation> augment, double[] mean, double[] std,
                          int limit, int testLimit, EarlyStop earlyStop, double valSplit,
                          LossScaler.Settings lossScale) {
    /** A run without loss scaling. */
    public TrainConfig(int epochs, long seed, String optimizer, double beta1, double beta2, Schedule schedule,
                       double gradClip, int accumulate, List<Augmentation> augment, double[] mean, double[] std,
                       int limit, int testLimit, EarlyStop earlyStop, double valSplit) {
        this(epochs, seed, optimizer, beta1, beta2, schedule, gradClip, accumulate, augment, mean, std, limit,
                testLimit, earlyStop, valSplit, LossScaler.Settings.NONE);
    }

    /** A run without early stopping. */
    public TrainConfig(int epochs, long seed, String optimizer, double beta1, double beta2, Schedule schedule,
                       double gradClip, int accumulate, List<Augmentation> augment, double[] mean, double[] std,
                       int limit, int testLimit) {
        this(epochs, seed, optimizer, beta1, beta2, schedule, gradClip, accumulate, augment, mean, std, limit,
                testLimit, null, 0);
    }

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
        }
        if (accumulate < 1) {
            throw new IllegalArgumentException("accumulate must be at least 1: " + accumulate);
        }
        if (!(valSplit >= 0 && valSplit < 1)) {
            throw new IllegalArgumentException("the validation split must be in [0, 1): " + valSplit);
        }
        lossScale = lossScale == null ? LossScaler.Settings.NONE : lossScale;
        augment = List.copyOf(augment);
        mean = mean == null ? null : mean.clone();
        std = std == null ? null : std.clone();
    }

    /** This run with {@code fraction} of each class held out for validation (0: none). */
    public TrainConfig withValSplit(double fraction) {
        return new TrainConfig(epochs, seed, optimizer, beta1, beta2, schedule, gradClip, accumulate, augment, mean,
                std, limit, testLimit, earlyStop, fraction, lossScale);
    }

    /** This run with the loss scaled as {@code settings} says. */
    public TrainConfig withLossScale(LossScaler.Settings settings) {
        return new TrainConfig(epochs, seed, optimizer, beta1, beta2, schedule, gradClip, accumulate, augment, mean,
                std, limit, testLimit, earlyStop, valSplit, settings);
    }

    public boolean adam() {
        return optimizer.equals("adam") || optimizer.equals("adamw");
    }
}
