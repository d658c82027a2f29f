package dev.cnnc.train;

import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.data.Batch;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.io.Json;
import dev.cnnc.train.data.ValidationSplit;
import dev.cnnc.train.metrics.Classification;
import dev.cnnc.train.optim.LossScaler;
import dev.cnnc.train.optim.StepVariables;
import dev.cnnc.train.report.MetricsLog;
import dev.cnnc.train.report.Plot;
import dev.cnnc.train.report.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a compiled classifier: initialises its parameters (seeded), feeds batches from a
 * background {@link DataLoader}, runs the device program's training step (forward, loss,
 * backward, optimizer; accumulation and clipping per {@link StepVariables}), evaluates after
 * every epoch in inference mode, and keeps the run folder up to date: {@code metrics.csv} and
 * {@code steps.csv} (see {@link MetricsLog}), {@code metrics.png}, {@code last.safetensors}
 * (a training checkpoint: weights and optimizer state, to resume) and {@code best.safetensors}
 * (a weights file, the model's PyTorch state_dict only, at the best test accuracy so far); see
 * {@link Checkpoints}.
 *
 * <p>With a validation split ({@link TrainConfig#valSplit}, {@link ValidationSplit}) the epochs
 * are evaluated on the held-out samples instead (the log's test columns then hold the validation
 * set's metrics), {@code best.safetensors} is the best validation accuracy, and the test set is
 * evaluated once at the end with it ({@link #finalTest}). A {@code plateau} schedule and
 * {@code early_stop} observe their metric after every epoch; early stopping ends the loop after
 * the epoch's checkpoints are written.
 *
 * <p>With {@code loss_scale} ({@link TrainConfig#lossScale}, {@link LossScaler}) the gradient seed
 * is scaled by S; a dynamic scale's step whose gradients are not finite is skipped (no optimizer
 * step; the schedule still advances), the epoch's line counts the skipped steps, and the
 * checkpoints keep the scaler's state ({@value #SCALER}, {@value #SKIPPED_STEPS}) for
 * {@link #resume}.
 *
 * <p>The training loader drops the last partial batch (the program's batch size is fixed);
 * evaluation pads the last batch and counts only its real samples.
 */
public final class Trainer {
    private final ModelBinding model;
    private final Executor ex;
    private final TrainConfig config;
    private final PrintWriter out;
    private final boolean terminal;
    private final float[] logits;
    private final float[] losses;
    private long optimizerSteps;
    /** The loss scale S and, when dynamic, its growth tracker and the steps it skipped. */
    private final LossScaler scaler;
    /** The epoch {@code last.safetensors} holds, 0 for none. */
    private int savedEpoch;
    /** With a validation split: the test set's metrics of {@code best.safetensors} after {@link #fit}. */
    private Classification finalTest;
    private int finalTestEpoch;

    /**
     * What one epoch gave; {@code skipped}: the optimizer steps a dynamic loss scale skipped
     * (their gradients were not finite).
     */
    public record EpochResult(int epoch, double trainLoss, double trainAccuracy, Classification test, double lr,
                              double seconds, int skipped) {
    }

    /** The end of an epoch's line with loss scaling: the scale now, and the steps skipped. */
    private String scaling(int skipped) {
        if (!config.lossScale().scaling()) {
            return "";
        }
        String s = String.format(Locale.ROOT, "  |  loss scale %s", LossScaler.format(scaler.scale()));
        return skipped == 0 ? s : s + String.format(Locale.ROOT, " (%s skipped: gradients not finite, scale backed "
                + "off)", skipped == 1 ? "1 step" : skipped + " steps");
    }

    public Trainer(ModelBinding model, Executor ex, TrainConfig config, PrintWriter out, boolean terminal) {
        model.requireTrainable();
        this.model = model;
        this.ex = ex;
        this.config = config;
        this.out = out;
        this.terminal = terminal;
        this.logits = new float[model.batch() * model.classes()];
        this.losses = new float[model.batch()];
        this.scaler = new LossScaler(config.lossScale());
    }

    /**
     * With a validation split, the test set's metrics of {@code best.safetensors} (the epoch of
     * the best validation accuracy), measured once at the end of {@link #fit}; else null.
     */
    public Classification finalTest() {
        return finalTest;
    }

    /** The epoch whose weights {@link #finalTest} measured. */
    public int finalTestEpoch() {
        return finalTestEpoch;
    }

    /**
     * The checkpoint metadata holding the loss scaler's {@code GradScaler.state_dict()} as JSON
     * ({@code scale}, {@code growth_factor}, {@code backoff_factor}, {@code growth_interval},
     * {@code _growth_tracker}); only written when the run scales its loss.
     */
    public static final String SCALER = "scaler";

    /** The checkpoint metadata counting the optimizer steps a dynamic loss scale skipped, over the run. */
    public static final String SKIPPED_STEPS = "skipped_steps";

    private static String fraction(double f) {
        return java.math.BigDecimal.valueOf(f).stripTrailingZeros().toPlainString();
    }

    public long optimizerSteps() {
        return optimizerSteps;
    }

    /** The run's loss scaler: its scale, growth tracker and skipped steps so far. */
    public LossScaler lossScaler() {
        return scaler;
    }

    /** Fresh parameters from each one's initializer (seeded by the run's seed and its name) and zero optimizer state. */
    public void initialize() {
        ModelSession.initialize(model, ex, config.seed());
    }

    /**
     * Continues from a checkpoint: weights, optimizer state, the epoch and step it had reached,
     * and a dynamic loss scale's scale and growth tracker ({@value #SCALER}).
     */
    public int resume(Path checkpoint) {
        Map<String, String> meta = Checkpoints.load(checkpoint, model, ex, true);
        String epoch = meta.get("epoch");
        String steps = meta.get("optimizer_steps");
        if (epoch == null || steps == null) {
            throw new IllegalArgumentException(checkpoint + ": not a cnnc training checkpoint (no epoch/step "
                    + "metadata); use it as --weights instead");
        }
        optimizerSteps = Long.parseLong(steps);
        savedEpoch = Integer.parseInt(epoch);
        scaler.restore(meta.get(SCALER), Long.parseLong(meta.getOrDefault(SKIPPED_STEPS, "0")));
        return savedEpoch;
    }

    /**
     * Trains epochs {@code firstEpoch+1 .. config.epochs()}, adding each epoch and each optimizer
     * step to {@code log} and writing the run folder after each epoch.
     */
    public MetricsLog fit(Dataset train, Dataset test, Path runDir, int firstEpoch, MetricsLog log) {
        Dataset trainSet = train.first(config.limit());
        Dataset testSet = test.first(config.testLimit());
        Dataset evalSet = testSet; // evaluated after every epoch: the validation set when there is one
        String set = "test";
        finalTest = null;
        if (config.valSplit() > 0) {
            ValidationSplit split = ValidationSplit.of(trainSet, config.valSplit(), config.seed());
            out.printf(Locale.ROOT, "validation: %d of the %d training samples held out (%s of each class, seed %d); "
                            + "best.safetensors by validation accuracy; the test set (%d samples) is evaluated once, "
                            + "at the end%n", split.val().size(), trainSet.size(), fraction(config.valSplit()),
                    config.seed(), testSet.size());
            trainSet = split.train();
            evalSet = split.val();
            set = "val";
        }
        log.evaluatedOn(set); // metrics.csv's columns and metrics.png's curves name the set evaluated
        for (String watched : new String[] {config.schedule().metric(),
            config.earlyStop() == null ? null : config.earlyStop().metric()}) {
            if (watched != null && watched.startsWith("val_") && config.valSplit() == 0) {
                throw new IllegalArgumentException("the metric " + watched + " needs a validation split (`val` in "
                        + "the train section, or --val-split)");
            }
        }
        double best = log.epochs().stream().mapToDouble(MetricsLog.Epoch::testAccuracy).max().orElse(-1);
        EarlyStop stop = config.earlyStop();
        for (MetricsLog.Epoch e : log.epochs()) { // a resumed run's plateau and early stop see the earlier epochs again
            if (e.epoch() <= firstEpoch) {
                config.schedule().observe(metric(e, config.schedule().metric()));
                if (stop != null && stop.observe(e.epoch(), metric(e, stop.metric()))) {
                    out.printf("early stop: %s; nothing left to train.%n", stop.reason());
                    out.flush();
                    return log;
                }
            }
        }
        try (DataLoader loader = loader(trainSet, true); DataLoader testLoader = loader(evalSet, false)) {
            int stepsPerEpoch = loader.batchesPerEpoch() / config.accumulate();
            if (stepsPerEpoch < 1) {
                throw new IllegalArgumentException("the training set (" + trainSet.size() + " samples) is smaller "
                        + "than one optimizer step (batch " + model.batch() + " × accumulate " + config.accumulate()
                        + ")");
            }
            for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
                EpochResult r = epoch(loader, testLoader, epoch, stepsPerEpoch, log);
                MetricsLog.Epoch row = new MetricsLog.Epoch(epoch + 1, r.trainLoss(), r.trainAccuracy(),
                        r.test().meanLoss(), r.test().top1(), r.lr(), r.seconds());
                log.add(row);
                config.schedule().observe(metric(row, config.schedule().metric()));
                out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f  acc %.2f%%  |  " + set
                                + " loss %.4f  acc %.2f%%  |  lr %.3g  %.1f s%s%n", epoch + 1, config.epochs(),
                        r.trainLoss(), 100 * r.trainAccuracy(), r.test().meanLoss(), 100 * r.test().top1(), r.lr(),
                        r.seconds(), scaling(r.skipped()));
                out.flush();
                Files.createDirectories(runDir);
                log.writeCsv(runDir.resolve(MetricsLog.METRICS_CSV));
                log.writeStepsCsv(runDir.resolve(MetricsLog.STEPS_CSV));
                Plot.write(log, model.name() + " (" + runDir.getFileName() + ")", runDir.resolve("metrics.png"));
                Checkpoints.save(runDir.resolve("last.safetensors"), model, ex,
                        metadata(Checkpoints.CHECKPOINT_FORMAT, epoch + 1, set + "_accuracy", r.test().top1(), trainSet));
                savedEpoch = epoch + 1;
                if (r.test().top1() > best) {
                    best = r.test().top1();
                    Checkpoints.saveWeights(runDir.resolve("best.safetensors"), model, ex,
                            metadata(Checkpoints.WEIGHTS_FORMAT, epoch + 1, set + "_accuracy", r.test().top1(),
                                    trainSet));
                }
                if (stop != null && stop.observe(epoch + 1, metric(row, stop.metric()))
                        && epoch + 1 < config.epochs()) {
                    out.printf(Locale.ROOT, "early stop after epoch %d/%d: %s.%n", epoch + 1, config.epochs(),
                            stop.reason());
                    out.flush();
                    break;
                }
            }
            if (evalSet != testSet && Files.exists(runDir.resolve("best.safetensors"))) {
                Map<String, String> meta = Checkpoints.load(runDir.resolve("best.safetensors"), model, ex, false);
                finalTestEpoch = Integer.parseInt(meta.getOrDefault("epoch", "0"));
                try (DataLoader finalLoader = loader(testSet, false)) {
                    finalTest = evaluate(finalLoader, 0);
                }
                out.printf(Locale.ROOT, "test (best.safetensors, epoch %d): loss %.4f  acc %.2f%%  (%d samples)%n",
                        finalTestEpoch, finalTest.meanLoss(), 100 * finalTest.top1(), testSet.size());
                out.flush();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return log;
    }

    /**
     * The header metadata of the checkpoints written after {@code epoch} (1-based): {@code
     * format} ({@link Checkpoints#CHECKPOINT_FORMAT} or {@link Checkpoints#WEIGHTS_FORMAT}),
     * model, epoch, optimizer steps, seed, the accuracy on the set that chooses the best epoch
     * ({@code accuracyKey}: test_accuracy, or val_accuracy with a validation split), the class names in label order
     * ({@link Checkpoints#CLASSES}) and, when the run normalises its inputs, the normalisation's
     * {@code mean} and {@code std} (JSON lists).
     */
    private Map<String, String> metadata(String format, int epoch, String accuracyKey, double accuracy,
                                         Dataset trainSet) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", format);
        meta.put("model", model.name());
        meta.put("epoch", Integer.toString(epoch));
        meta.put("optimizer_steps", Long.toString(optimizerSteps));
        meta.put("seed", Long.toString(config.seed()));
        if (config.lossScale().scaling()) {
            meta.put(SCALER, scaler.stateDict());
        }
        if (config.lossScale().dynamic()) {
            meta.put(SKIPPED_STEPS, Long.toString(scaler.skipped()));
        }
        meta.put(accuracyKey, Double.toString(accuracy));
        meta.put(Checkpoints.CLASSES, Checkpoints.classesValue(trainSet.classes())); // the labels' names
        if (config.mean() != null) {
            meta.put("mean", Json.write(Arrays.stream(config.mean()).boxed().toList()));
            meta.put("std", Json.write(Arrays.stream(config.std()).boxed().toList()));
        }
        return meta;
    }

    /** The value of {@code name} (one of {@link dev.cnnc.train.optim.Schedule#METRICS}) in {@code e}; NaN for null. */
    static double metric(MetricsLog.Epoch e, String name) {
        if (name == null) {
            return Double.NaN;
        }
        switch (name) {
            case "test_loss": // with a validation split, the columns hold the validation set's
            case "val_loss":
                return e.testLoss();
            case "test_accuracy":
            case "val_accuracy":
                return e.testAccuracy();
            case "train_loss":
                return e.trainLoss();
            case "train_accuracy":
                return e.trainAccuracy();
            default:
                throw new IllegalArgumentException("unknown metric " + name);
        }
    }

    private DataLoader loader(Dataset ds, boolean training) {
        DataLoader.Builder b = DataLoader.builder(ds).batchSize(model.batch()).seed(config.seed())
                .shuffle(training).dropLast(training);
        if (training) {
            b.augment(config.augment());
        }
        if (config.mean() != null) {
            b.normalize(config.mean(), config.std());
        }
        return b.build();
    }

    /** Trains one epoch (0-based), adding its optimizer steps to {@code log}, and evaluates the test set. */
    private EpochResult epoch(DataLoader loader, DataLoader testLoader, int epoch, int stepsPerEpoch, MetricsLog log) {
        long start = System.nanoTime();
        Progress progress = new Progress(out, terminal, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1,
                config.epochs()), (long) stepsPerEpoch * config.accumulate(), 10, System::nanoTime);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double stepLossSum = 0; // over the batches of the optimizer step under way
        long stepSeen = 0;
        int batchInStep = 0;
        int step = 0;
        int skipped = 0;
        double lr = Double.NaN;
        int batches = 0;
        for (Batch b : loader.epoch(epoch)) {
            if (step >= stepsPerEpoch) {
                break; // batches left over after the last full accumulation
            }
            Evaluation.upload(model, ex, b);
            if (batchInStep == 0) {
                ex.run("zero_param_grads");
            }
            // A fresh dropout mask per batch, keyed by the batch's place in the run (so a resumed run repeats it).
            ex.set(StepVariables.SEED, StepVariables.batchSeed(config.seed(),
                    (long) epoch * stepsPerEpoch * config.accumulate() + batches));
            ex.set(StepVariables.LOSS_SCALE, scaler.scale()); // the gradient seed's scale S (1 without scaling)
            ex.run("forward");
            ex.run("zero_grads");
            ex.run("loss");
            ex.run("backward");
            Reals.read(ex.buffer(model.loss()), losses, model.fp64());
            Reals.read(ex.buffer(model.logits()), logits, model.fp64());
            int bad = NonFinite.count(losses, b.size());
            if (bad > 0) {
                progress.finish();
                throw diverged(String.format(Locale.ROOT, "the loss of %d of the batch's %d samples is NaN or infinite",
                        bad, b.size()), epoch, step, true);
            }
            for (int i = 0; i < b.size(); i++) {
                lossSum += losses[i];
                stepLossSum += losses[i];
                correct += argmax(logits, i) == b.labels()[i] ? 1 : 0;
            }
            seen += b.size();
            stepSeen += b.size();
            batches++;
            if (++batchInStep == config.accumulate()) {
                // A skipped step still advances the schedule (PyTorch calls scheduler.step() regardless).
                lr = config.schedule().lr(epoch, step, stepsPerEpoch);
                double sumSq = config.gradClip() > 0 || scaler.checksGradients()
                        ? StepVariables.gradSumOfSquares(ex) : 0;
                double scale = scaler.scale(); // the S these gradients were computed with
                if (!scaler.update(Double.isFinite(sumSq))) {
                    skipped++; // a dynamic scale overflowed: no optimizer step, S backed off
                } else if (!Double.isFinite(sumSq)) {
                    progress.finish();
                    throw diverged("the gradients' global norm is NaN or infinite", epoch, step, true);
                } else {
                    optimizerStep(lr, sumSq, scale);
                    log.addStep(new MetricsLog.Step(optimizerSteps, epoch + 1, stepLossSum / stepSeen, lr));
                }
                stepLossSum = 0;
                stepSeen = 0;
                batchInStep = 0;
                step++;
            }
            progress.update(batches, seen, lossSum / seen, (double) correct / seen);
        }
        progress.finish();
        Classification test;
        try {
            test = evaluate(testLoader, epoch);
        } catch (NonFinite.NonFiniteException e) {
            throw diverged("evaluating the test set after the epoch: " + e.getMessage(), epoch, stepsPerEpoch - 1,
                    false);
        }
        return new EpochResult(epoch, lossSum / Math.max(1, seen), (double) correct / Math.max(1, seen), test, lr,
                (System.nanoTime() - start) / 1e9, skipped);
    }

    /** Optimizer step t = optimizerSteps + 1 on gradients computed with the loss scaled by {@code lossScale}. */
    private void optimizerStep(double lr, double sumSq, double lossScale) {
        optimizerSteps++;
        StepVariables.set(ex, config.optimizer(), config.beta1(), config.beta2(), optimizerSteps, lr,
                StepVariables.gradScale(sumSq, config.accumulate(), config.gradClip(), lossScale));
        ex.run(StepVariables.OPTIMIZER);
    }

    /**
     * The run's end after a NaN or infinity at {@code step} (0-based) of {@code epoch}: which
     * parameters are no longer finite, and, with {@code rerun} (the step's batch still on the
     * device), the first layer whose output or gradient was not, from a rerun of the step that
     * checks after every layer. Nothing is saved: {@code last} and {@code best} keep the last
     * finite epoch's weights.
     */
    private NonFinite.NonFiniteException diverged(String what, int epoch, int step, boolean rerun) {
        out.flush();
        StringBuilder m = new StringBuilder(String.format(Locale.ROOT,
                "training diverged at epoch %d, step %d (optimizer step %d): %s.", epoch + 1, step + 1,
                optimizerSteps + 1, what));
        java.util.List<String> params = NonFinite.parameters(model, ex);
        if (!params.isEmpty()) {
            m.append("\n  parameters no longer finite (an earlier optimizer step made them so): ")
                    .append(Checkpoints.listed(params).replaceFirst("^tensors? ", ""));
        }
        if (rerun) {
            String first = NonFinite.trace(model, ex);
            m.append("\n  first non-finite value, rerunning the step with a check after every layer: ")
                    .append(first != null ? first : "none (the rerun stayed finite)");
        }
        m.append(savedEpoch > 0
                ? "\n  last.safetensors (epoch " + savedEpoch + ") and best.safetensors were not replaced."
                : "\n  no checkpoint was written.");
        m.append("\n  Try a smaller learning rate, or clip the gradients (grad_clip in the train section).");
        return new NonFinite.NonFiniteException(m.toString());
    }

    /** Test-set metrics in inference mode (running statistics, no dropout). */
    public Classification evaluate(DataLoader loader, int epoch) {
        return Evaluation.run(model, ex, loader, epoch);
    }

    private int argmax(float[] l, int sample) {
        int k = model.classes();
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (l[sample * k + j] > l[sample * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
