package dev.cnnc.train.app;

import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.Evaluation;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.TrainConfig;
import dev.cnnc.train.Trainer;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.data.Datasets;
import dev.cnnc.train.data.ImageFolderDataset;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.metrics.Classification;
import dev.cnnc.train.optim.StepVariables;
import dev.cnnc.train.report.MetricsLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The bodies of the commands that run a compiled classifier: train, eval, predict and run.
 * {@code cnnc} calls them after compiling a {@code .cnn} file; a compiled model's jar calls
 * them with its generated binding. Problems the user can fix are {@link CommandFailure}s.
 */
public final class Runs {
    private Runs() {
    }

    /** The dataset named (fashion-mnist, mnist) or a folder with {@code train/} and {@code test/} image folders. */
    public static Dataset dataset(String data, Path dataDir, boolean train) {
        if (data == null) {
            throw CommandFailure.usage("no dataset: give --data fashion-mnist (or mnist, or a folder with train/ "
                    + "and test/ image folders), or `data:` in the model's train section");
        }
        if (Datasets.isKnown(data)) {
            return Datasets.open(data, dataDir, train);
        }
        Path root = Path.of(data);
        if (Files.isDirectory(root)) {
            Path split = root.resolve(train ? "train" : "test");
            if (!Files.isDirectory(split)) {
                throw CommandFailure.usage(root + ": an image dataset needs the folders " + root.resolve("train")
                        + " and " + root.resolve("test") + ", each with one folder per class");
            }
            return ImageFolderDataset.open(split);
        }
        throw CommandFailure.usage("unknown dataset `" + data + "`: known are " + Datasets.names()
                + ", or give a folder");
    }

    /** The model must take the dataset's samples and have one output per class. */
    public static void checkFits(String model, int[] inputShape, int classes, String dataName, Dataset ds) {
        if (!Arrays.equals(inputShape, ds.sampleShape())) {
            throw CommandFailure.model("the model's input is " + Arrays.toString(inputShape) + " but " + dataName
                    + " samples are " + Arrays.toString(ds.sampleShape()));
        }
        if (classes != ds.classes().size()) {
            throw CommandFailure.model(model + " has " + classes + " outputs but " + dataName + " has "
                    + ds.classes().size() + " classes");
        }
    }

    /** A new run folder {@code runs/<model>}, numbered when one exists. */
    public static Path freshRunDir(String model) {
        String base = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        Path dir = Path.of("runs", base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = Path.of("runs", base + "-" + n);
        }
        return dir;
    }

    /**
     * Trains (or, with {@code resume}, continues) a run in {@code dir}, printing a line per
     * epoch and the final test accuracy.
     *
     * @param summary what is trained, for the first line ("LeNet5 (61,706 parameters)")
     * @param recipeText the optimizer and schedule, for the first line
     */
    public static void train(ModelBinding m, TrainConfig config, String summary, String recipeText, Dataset trainSet,
                             Dataset testSet, DeviceInfo info, Path dir, boolean resume, PrintWriter out) {
        if (resume && !Files.isRegularFile(dir.resolve("last.safetensors"))) {
            throw CommandFailure.usage("--resume: " + dir.resolve("last.safetensors")
                    + " does not exist (give the run's folder with --run-dir)");
        }
        out.printf(Locale.ROOT, "training %s on %s: %d train / %d test samples, batch %d, %d epochs, %s%n", summary,
                info.name(), config.limit() > 0 ? Math.min(config.limit(), trainSet.size()) : trainSet.size(),
                config.testLimit() > 0 ? Math.min(config.testLimit(), testSet.size()) : testSet.size(), m.batch(),
                config.epochs(), recipeText);
        out.println("run folder: " + dir);
        out.flush();
        // Kernels are built after the cheap checks (buffers allocated, a checkpoint to resume read), all
        // of a step's at once; evaluation's when it first runs.
        try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, m.program(), List.of())) {
            ex.set(StepVariables.SEED, (int) config.seed());
            Trainer trainer = new Trainer(m, ex, config, out, System.console() != null);
            int first = 0;
            MetricsLog log = new MetricsLog();
            if (resume) {
                first = trainer.resume(dir.resolve("last.safetensors"));
                if (Files.isRegularFile(dir.resolve("metrics.csv"))) {
                    MetricsLog all = MetricsLog.readCsv(dir.resolve("metrics.csv"));
                    int kept = first;
                    all.epochs().stream().filter(e -> e.epoch() <= kept).forEach(log::add);
                }
                out.println("resuming after epoch " + first + " (optimizer step " + trainer.optimizerSteps() + ")");
                if (first >= config.epochs()) {
                    out.println("nothing to do: the run already has " + first + " epochs");
                    return;
                }
            } else {
                trainer.initialize();
            }
            ex.prepare(m.stepPhases());
            log = trainer.fit(trainSet, testSet, dir, first, log);
            MetricsLog.Epoch last = log.epochs().get(log.epochs().size() - 1);
            out.printf(Locale.ROOT, "test accuracy %.2f%% after %d epochs; checkpoints in %s (best.safetensors, "
                    + "last.safetensors), metrics.csv, metrics.png%n", 100 * last.testAccuracy(), last.epoch(), dir);
        }
    }

    /** Test-set metrics of {@code weights} in inference mode, as tables or JSON. */
    public static void eval(ModelBinding m, Path weights, Dataset test, int limit, double[] mean, double[] std,
                            List<String> names, boolean json, DeviceInfo info, PrintWriter out) {
        try (ClDevice dev = ClDevice.open(info);
             Executor ex = new Executor(dev, m.program(), List.of(ModelBinding.EVALUATION))) {
            ex.set(StepVariables.SEED, 0);
            Checkpoints.load(weights, m, ex, false);
            DataLoader.Builder b = DataLoader.builder(test.first(limit)).batchSize(m.batch()).shuffle(false)
                    .dropLast(false);
            if (mean != null) {
                b.normalize(mean, std);
            }
            try (DataLoader loader = b.build()) {
                Classification c = Evaluation.run(m, ex, loader, 0);
                out.print(json ? c.json(names) : c.table(names));
            }
        }
    }

    /**
     * The batch that {@code predict} and {@code run} (logits only) are compiled for, whatever the
     * number of samples: they run one at a time, so one program, built once and cached, serves
     * every call.
     */
    public static final int INFERENCE_BATCH = 1;

    /**
     * Classifies images (PNG or JPEG of the model's input size, normalised as in training) and
     * prints each one's top {@code top} classes with softmax probabilities.
     */
    public static void predict(ModelSession s, List<Path> images, int top, List<String> names, PrintWriter out) {
        if (top < 1) {
            throw CommandFailure.usage("--top must be at least 1");
        }
        int[] shape = s.binding().inputShape();
        if (shape.length != 3) {
            throw CommandFailure.model(s.binding().name() + " takes " + Arrays.toString(shape)
                    + ", not images [C, H, W]");
        }
        int n = images.size();
        int sample = s.binding().sampleLength();
        float[] batch = new float[n * sample];
        for (int i = 0; i < n; i++) {
            ImageFolderDataset.decode(images.get(i), shape, batch, i * sample);
        }
        normalize(batch, s.recipe().mean(), s.recipe().std(), shape);
        float[] logits = s.forward(batch);
        int k = s.binding().classes();
        for (int i = 0; i < n; i++) {
            out.println(images.get(i));
            double[] p = softmax(logits, i * k, k);
            boolean[] shown = new boolean[k];
            for (int r = 0; r < Math.min(top, k); r++) {
                int best = -1;
                for (int j = 0; j < k; j++) {
                    if (!shown[j] && (best < 0 || p[j] > p[best])) {
                        best = j;
                    }
                }
                shown[best] = true;
                out.printf(Locale.ROOT, "  %d. %-16s %6.2f%%%n", r + 1, names.get(best), 100 * p[best]);
            }
        }
    }

    /** A batch from NPY, checked against the model's input: [N, ...sample]. */
    public static float[] readBatch(ModelBinding m, Path input) {
        HostTensor x = Npy.read(input);
        int[] sample = m.inputShape();
        long[] shape = x.shape();
        if (shape.length != sample.length + 1 || !Arrays.equals(Arrays.stream(shape).skip(1).mapToInt(v -> (int) v)
                .toArray(), sample)) {
            throw CommandFailure.model(input + ": shape " + HostTensor.shapeString(shape) + " does not fit the "
                    + "model's input [N, " + String.join(", ", Arrays.stream(sample).mapToObj(Integer::toString)
                    .toList()) + "]");
        }
        if (shape[0] < 1) {
            throw CommandFailure.model(input + ": the batch is empty");
        }
        return x.toFloatArray();
    }

    /**
     * {@code run}: inference logits of an NPY batch to {@code output}; or, with {@code labels}
     * and {@code grads}, forward and backward in training mode (the batch must be the
     * session's), writing every parameter gradient and the mean loss.
     */
    public static void run(ModelSession s, Path input, Path output, Path labels, Path grads, PrintWriter out) {
        ModelBinding m = s.binding();
        float[] x = readBatch(m, input);
        int n = x.length / m.sampleLength();
        float[] logits;
        if (labels != null) {
            HostTensor l = Npy.read(labels);
            if (l.rank() != 1 || l.dim(0) != n) {
                throw CommandFailure.model(labels + ": expected " + n + " labels [" + n + "], found "
                        + HostTensor.shapeString(l.shape()));
            }
            int[] y = l.toIntArray();
            for (int v : y) {
                if (v < 0 || v >= m.classes()) {
                    throw CommandFailure.model(labels + ": label " + v + " is not in [0, " + m.classes() + ")");
                }
            }
            if (n != m.batch()) {
                throw CommandFailure.model(input + ": " + n + " samples, but " + m.name() + " was compiled for "
                        + "batches of " + m.batch() + " (gradients need the whole batch at once; compile with "
                        + "--batch " + n + ")");
            }
            ModelSession.Gradients g = s.gradients(x, y);
            g.grads().putMetadata("loss", Double.toString(g.loss()));
            Safetensors.write(grads, g.grads());
            out.printf(Locale.ROOT, "loss %.8f (mean %s over %d samples); %d gradients written to %s%n", g.loss(),
                    s.recipe().loss(), n, g.grads().size(), grads);
            logits = g.logits();
        } else {
            logits = s.forward(x);
        }
        if (output != null) {
            Npy.write(output, HostTensor.ofFloats(new long[] {n, m.classes()}, logits));
            out.printf("logits [%d, %d] written to %s%n", n, m.classes(), output);
        }
    }

    /** The model's normalisation, as the training data loader applies it. */
    public static void normalize(float[] batch, double[] mean, double[] std, int[] shape) {
        if (mean == null) {
            return;
        }
        int plane = shape[1] * shape[2];
        int sample = shape[0] * plane;
        for (int i = 0; i < batch.length; i++) {
            int c = (i % sample) / plane;
            double mu = mean[mean.length == 1 ? 0 : c];
            double sd = std == null ? 1 : std[std.length == 1 ? 0 : c];
            batch[i] = (float) ((batch[i] - mu) / sd);
        }
    }

    /** A numerically stable softmax of {@code k} logits at {@code offset}. */
    public static double[] softmax(float[] z, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double[] p = new double[k];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(z[offset + j] - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }
}
