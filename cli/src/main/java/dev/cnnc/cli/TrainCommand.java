package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.TrainConfig;
import dev.cnnc.train.Trainer;
import dev.cnnc.train.data.Augmentation;
import dev.cnnc.train.data.Augmentations;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.optim.Schedule;
import dev.cnnc.train.report.MetricsLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc train}: trains a model on a dataset with the recipe of its {@code train} section,
 * overridden by options; writes the run folder (metrics, plot, checkpoints) and prints the
 * test accuracy after every epoch.
 */
@Command(name = "train", description = "Train a model; its train { } section gives the recipe, options override it.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--data", paramLabel = "NAME|DIR", description = "fashion-mnist, mnist, or a folder with train/ "
            + "and test/ image folders (default: the train section's `data`)")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the IDX files are (default: "
            + "/usr/share/datasets/<name>)")
    Path dataDir;

    @Option(names = "--epochs", description = "epochs (default: the train section's, else 10)")
    Integer epochs;

    @Option(names = "--batch", description = "batch size (default: the train section's, else 64)")
    Integer batch;

    @Option(names = "--optimizer", description = "sgd, adam or adamw with its default options (default: the "
            + "train section's)")
    String optimizer;

    @Option(names = "--lr", description = "base learning rate (default: the optimizer's)")
    Double lr;

    @Option(names = "--seed", description = "seed of initialisation, shuffling, augmentation, dropout")
    Long seed;

    @Option(names = "--limit", defaultValue = "0", description = "train on the first N samples only")
    int limit;

    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on the first N test samples only")
    int testLimit;

    @Option(names = "--precision", description = "fp32 or fp64 (default: the train section's)")
    String precision;

    @Mixin
    DeviceOption device;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "where to write metrics and checkpoints "
            + "(default: runs/<model>, numbered if it exists)")
    Path runDir;

    @Option(names = "--resume", description = "continue the run in --run-dir from its last.safetensors")
    boolean resume;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return train(out, err);
        } catch (TrainingSetup.Failure f) {
            if (f.getMessage() != null) {
                err.println("cnnc train: error: " + f.getMessage());
            }
            return f.code;
        } catch (DataException | IllegalArgumentException | ClException | TensorFileException e) {
            err.println("cnnc train: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            err.println("cnnc train: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }

    private int train(PrintWriter out, PrintWriter err) throws java.io.IOException {
        Graph g = TrainingSetup.compile(file, model, err);
        Attrs t = g.training();
        int epochsN = epochs != null ? epochs : t.i("epochs");
        int batchN = batch != null ? batch : t.i("batch");
        long seedN = seed != null ? seed : t.i("seed");
        if (epochsN < 1 || batchN < 1 || limit < 0 || testLimit < 0) {
            throw new TrainingSetup.Failure(Main.USAGE, "--epochs and --batch must be at least 1, limits not negative");
        }
        Precision p = TrainingSetup.precision(precision != null ? precision : t.s("precision"));
        Component opt = t.component("optimizer");
        OptimizerLowering.Config oc = optimizer != null ? OptimizerLowering.Config.of(new Component(optimizer,
                Attrs.EMPTY)) : opt != null ? OptimizerLowering.Config.of(opt)
                : OptimizerLowering.Config.of(new Component("sgd", Attrs.EMPTY));
        if (lr != null) {
            oc = oc.withLr(lr);
        }
        Component sched = t.component("schedule");
        Schedule schedule = Schedule.of(sched == null ? "constant" : sched.name(),
                sched == null ? Map.of() : options(sched.options()), oc.lr(), epochsN, t.i("warmup"));
        List<Augmentation> augment = new ArrayList<>();
        Object aug = t.get("augment");
        if (aug instanceof List<?> steps) {
            for (Object o : steps) {
                Component c = (Component) o;
                augment.add(Augmentations.create(c.name(), options(c.options())));
            }
        }
        double clip = t.has("grad_clip") ? t.f("grad_clip") : 0;
        String dataName = data != null ? data : t.has("data") ? t.s("data") : null;
        Dataset trainSet = TrainingSetup.dataset(dataName, dataDir, true);
        Dataset testSet = TrainingSetup.dataset(dataName, dataDir, false);
        int[] want = g.inputs().get(0).shape().dims();
        if (!java.util.Arrays.equals(want, trainSet.sampleShape())) {
            throw new TrainingSetup.Failure(Main.MODEL_ERROR, "the model's input is " + java.util.Arrays.toString(want)
                    + " but " + dataName + " samples are " + java.util.Arrays.toString(trainSet.sampleShape()));
        }
        int classes = (int) g.outputs().values().iterator().next().shape().elements();
        if (classes != trainSet.classes().size()) {
            throw new TrainingSetup.Failure(Main.MODEL_ERROR, g.name() + " has " + classes + " outputs but "
                    + dataName + " has " + trainSet.classes().size() + " classes");
        }
        TrainConfig config = new TrainConfig(epochsN, seedN, oc.name(), oc.beta1(), oc.beta2(), schedule, clip,
                t.i("accumulate"), augment, (double[]) t.get("mean"), (double[]) t.get("std"), limit, testLimit);
        Path dir = runDir != null ? runDir : freshRunDir(g.name());
        if (resume && !Files.isRegularFile(dir.resolve("last.safetensors"))) {
            throw new TrainingSetup.Failure(Main.USAGE, "--resume: " + dir.resolve("last.safetensors")
                    + " does not exist (give the run's folder with --run-dir)");
        }
        DeviceInfo info = device.select();
        ModelBinding m = TrainingSetup.lower(g, batchN, p, TrainingSetup.loss(t), oc);
        out.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %d train / %d test samples, batch %d, %d epochs,"
                        + " %s, %s%n", g.name(), g.parameterCount(), info.name(),
                limit > 0 ? Math.min(limit, trainSet.size()) : trainSet.size(),
                testLimit > 0 ? Math.min(testLimit, testSet.size()) : testSet.size(), batchN, epochsN, oc, schedule);
        out.println("run folder: " + dir);
        out.flush();
        try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, m.program())) {
            ex.set("seed", (int) seedN);
            Trainer trainer = new Trainer(m, ex, config, out, System.console() != null);
            int first = 0;
            MetricsLog log = new MetricsLog();
            if (resume) {
                first = trainer.resume(dir.resolve("last.safetensors"));
                if (Files.isRegularFile(dir.resolve("metrics.csv"))) {
                    log = MetricsLog.readCsv(dir.resolve("metrics.csv"));
                    log = keepFirst(log, first);
                }
                out.println("resuming after epoch " + first + " (optimizer step " + trainer.optimizerSteps() + ")");
                if (first >= epochsN) {
                    out.println("nothing to do: the run already has " + first + " epochs");
                    return Main.OK;
                }
            } else {
                trainer.initialize();
            }
            log = trainer.fit(trainSet, testSet, dir, first, log);
            MetricsLog.Epoch last = log.epochs().get(log.epochs().size() - 1);
            out.printf(Locale.ROOT, "test accuracy %.2f%% after %d epochs; checkpoints in %s (best.safetensors, "
                    + "last.safetensors), metrics.csv, metrics.png%n", 100 * last.testAccuracy(), last.epoch(), dir);
        }
        return Main.OK;
    }

    private static MetricsLog keepFirst(MetricsLog log, int epochs) {
        MetricsLog kept = new MetricsLog();
        log.epochs().stream().filter(e -> e.epoch() <= epochs).forEach(kept::add);
        return kept;
    }

    private static Path freshRunDir(String model) {
        String base = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        Path dir = Path.of("runs", base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = Path.of("runs", base + "-" + n);
        }
        return dir;
    }

    static Map<String, Object> options(Attrs a) {
        Map<String, Object> m = new LinkedHashMap<>();
        a.asMap().forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }
}
