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
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.data.Normalization;
import dev.cnnc.train.data.Datasets;
import dev.cnnc.train.data.ImageFolderDataset;
import dev.cnnc.train.data.ImageInput;
import dev.cnnc.train.io.AtomicFile;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Json;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.metrics.Classification;
import dev.cnnc.train.optim.LossScaler;
import dev.cnnc.train.optim.StepVariables;
import dev.cnnc.train.report.MetricsLog;
import dev.cnnc.train.report.Progress;
import dev.cnnc.train.report.Words;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** The training and test splits as checked by {@link #checkData}, labels in the model's class order. */
    public record Splits(Dataset train, Dataset test) {
    }

    /**
     * Checks the training and test splits against each other and against the model, before any
     * kernel is built: neither may be empty, both must have the same classes, and their samples
     * must have the model's input shape (an offending file named). With {@code classes} (the
     * model's {@code classes}, or a checkpoint's) the labels follow those names: see
     * {@link #checkSplit}.
     */
    public static Splits checkData(String model, int[] inputShape, int outputs, List<String> classes,
                                   String dataName, Dataset train, Dataset test) {
        checkNotEmpty(dataName, train, true);
        checkNotEmpty(dataName, test, false);
        if (!train.classes().equals(test.classes())) {
            boolean sameSet = new java.util.HashSet<>(train.classes()).equals(new java.util.HashSet<>(test.classes()));
            if (!sameSet || !(train instanceof ImageFolderDataset)) {
                throw CommandFailure.model("the training and test splits have different classes: "
                        + splitName(dataName, train, true) + " has " + train.classes() + ", "
                        + splitName(dataName, test, false) + " has " + test.classes()
                        + " (both need the same class folders)");
            }
        }
        return new Splits(checkSplit(model, inputShape, outputs, classes, dataName, train, true),
                checkSplit(model, inputShape, outputs, classes, dataName, test, false));
    }

    /**
     * One split checked against the model (not empty, the model's input shape, one output per
     * class), with its labels in the order of {@code classes} when given (empty or null: the
     * data's own order). For an image folder, whose classes are its sub-folders sorted by name
     * (as torchvision's {@code ImageFolder}), a list that names the same classes in another order
     * maps each folder to its name's place in the list, as Keras's {@code class_names} does; a
     * list that names other classes is an error naming both. A named dataset's labels are fixed;
     * the list only names them.
     */
    public static Dataset checkSplit(String model, int[] inputShape, int outputs, List<String> classes,
                                     String dataName, Dataset ds, boolean train) {
        checkNotEmpty(dataName, ds, train);
        if (!Arrays.equals(inputShape, ds.sampleShape())) {
            if (ds instanceof ImageFolderDataset f) {
                throw CommandFailure.model(f.describeMismatch(0, inputShape) + " (the images of " + f.root()
                        + " must fit the model's input " + Arrays.toString(inputShape) + ")");
            }
            throw CommandFailure.model("the model's input is " + Arrays.toString(inputShape) + " but "
                    + splitName(dataName, ds, train) + " samples are " + Arrays.toString(ds.sampleShape()));
        }
        if (outputs != ds.classes().size()) {
            throw CommandFailure.model(model + " has " + outputs + " outputs but " + splitName(dataName, ds, train)
                    + " has " + ds.classes().size() + " classes " + ds.classes());
        }
        if (classes == null || classes.isEmpty() || classes.equals(ds.classes())) {
            return ds;
        }
        if (ds instanceof ImageFolderDataset f) {
            java.util.Set<String> listed = new java.util.LinkedHashSet<>(classes);
            java.util.Set<String> folders = new java.util.LinkedHashSet<>(f.classes());
            if (listed.size() != classes.size() || !listed.equals(folders)) {
                java.util.Set<String> missing = new java.util.LinkedHashSet<>(listed);
                missing.removeAll(folders);
                java.util.Set<String> extra = new java.util.LinkedHashSet<>(folders);
                extra.removeAll(listed);
                List<String> why = new java.util.ArrayList<>();
                if (!missing.isEmpty()) {
                    why.add("no folder for " + String.join(", ", missing));
                }
                if (!extra.isEmpty()) {
                    why.add("not in the list: " + String.join(", ", extra));
                }
                if (listed.size() != classes.size()) {
                    why.add("the list names a class twice");
                }
                throw CommandFailure.model("the classes " + classes + " do not match the class folders of "
                        + f.root() + " " + f.classes() + " (" + String.join("; ", why) + "); the list must name "
                        + "each class folder once, and its order gives the labels");
            }
            return f.inClassOrder(classes);
        }
        return classes.size() == ds.classes().size() ? renamed(ds, classes) : ds;
    }

    private static void checkNotEmpty(String dataName, Dataset ds, boolean train) {
        if (ds.size() == 0) {
            throw CommandFailure.model(splitName(dataName, ds, train) + ": the " + (train ? "training" : "test")
                    + " split has no samples");
        }
    }

    /** The folder of an image split, else "fashion-mnist (test split)". */
    private static String splitName(String dataName, Dataset ds, boolean train) {
        return ds instanceof ImageFolderDataset f ? f.root().toString()
                : dataName + " (" + (train ? "training" : "test") + " split)";
    }

    /** {@code ds} with its classes called {@code names} (labels unchanged). */
    private static Dataset renamed(Dataset ds, List<String> names) {
        List<String> copy = List.copyOf(names);
        return new Dataset() {
            @Override
            public int size() {
                return ds.size();
            }

            @Override
            public int[] sampleShape() {
                return ds.sampleShape();
            }

            @Override
            public List<String> classes() {
                return copy;
            }

            @Override
            public int label(int i) {
                return ds.label(i);
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                ds.copySample(i, dst, offset);
            }
        };
    }

    /**
     * The class names a checkpoint was trained with (its {@code classes} metadata), or null for
     * a file without them (a PyTorch state_dict, an older cnnc checkpoint) or with another count
     * than {@code outputs}. Reads only the file's header.
     */
    public static List<String> checkpointClasses(Path weights, int outputs) {
        List<String> c = Checkpoints.classes(Safetensors.readHeader(weights).metadata());
        return c != null && c.size() == outputs ? c : null;
    }

    /**
     * The names to print for {@code k} outputs: a checkpoint's (which were its labels when it
     * was trained), else the model's {@code classes}, else the data's, else the indices.
     */
    public static List<String> classNames(List<String> fromCheckpoint, Recipe r, int k, List<String> fromData) {
        return fromCheckpoint != null && fromCheckpoint.size() == k ? fromCheckpoint : r.classNames(k, fromData);
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
     * @param weights pretrained weights to start from ({@code --weights}: those that fit by name and
     *     shape, over the seeded initialisation, with a fresh optimizer), or null
     */
    public static void train(ModelBinding m, TrainConfig config, String summary, String recipeText, Dataset trainSet,
                             Dataset testSet, DeviceInfo info, Path dir, boolean resume, Path weights,
                             PrintWriter out) {
        if (weights != null && resume) {
            throw CommandFailure.usage("--weights starts a new run from pretrained weights, --resume continues a run "
                    + "from its last.safetensors: give one");
        }
        if (weights != null && !Files.isRegularFile(weights)) {
            throw CommandFailure.usage("--weights: " + weights + " does not exist");
        }
        if (resume && !Files.isRegularFile(dir.resolve("last.safetensors"))) {
            throw CommandFailure.usage("--resume: " + dir.resolve("last.safetensors")
                    + " does not exist (give the run's folder with --run-dir)");
        }
        if (resume) {
            List<String> had = checkpointClasses(dir.resolve("last.safetensors"), m.classes());
            if (had != null && !had.equals(trainSet.classes())) {
                throw CommandFailure.model(dir.resolve("last.safetensors") + " was trained with the classes " + had
                        + " (in label order), but the data now gives " + trainSet.classes() + "; resuming would "
                        + "change the labels (start a new run, or restore the model's `classes`)");
            }
        }
        out.printf(Locale.ROOT, "training %s on %s: %d train%s / %d test samples, batch %d, %s, %s%n", summary,
                info.name(), config.limit() > 0 ? Math.min(config.limit(), trainSet.size()) : trainSet.size(),
                config.valSplit() > 0 ? " (a validation split of them held out, below)" : "",
                config.testLimit() > 0 ? Math.min(config.testLimit(), testSet.size()) : testSet.size(), m.batch(),
                Words.count(config.epochs(), "epoch"), recipeText + (config.lossScale().scaling()
                        ? ", " + config.lossScale() : ""));
        out.println("run folder: " + dir);
        int stale = AtomicFile.removeStale(dir);
        if (stale > 0) {
            out.println("removed " + stale + " temporary file" + (stale == 1 ? "" : "s") + " (.NAME.tmp-*) that a "
                    + "killed run left in " + dir);
        }
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
                if (Files.isRegularFile(dir.resolve(MetricsLog.METRICS_CSV))) {
                    // the epochs and steps up to the checkpoint: those of a later, lost epoch are trained again
                    log = MetricsLog.readRun(dir).upTo(first);
                }
                out.println("resuming after epoch " + first + " (optimizer step " + trainer.optimizerSteps() + ")"
                        + (config.lossScale().scaling() ? "; loss scale " + LossScaler.format(
                        trainer.lossScaler().scale()) : ""));
                if (first >= config.epochs()) {
                    out.println("nothing to do: the run already has " + Words.count(first, "epoch"));
                    return;
                }
            } else {
                trainer.initialize();
                if (weights != null) {
                    out.println(Checkpoints.loadMatching(weights, m, ex).report(weights));
                    out.flush();
                }
            }
            ex.prepare(m.stepPhases());
            // Ctrl-C (or a kill) mid-run: end the bar's line and say what is kept
            Thread onInterrupt = new Thread(() -> {
                String where = Progress.interrupted();
                Path last = dir.resolve("last.safetensors");
                out.println("interrupted" + (where == null ? "" : " during " + where) + "; " + (Files.exists(last)
                        ? last + " holds the last finished epoch: continue with --resume --run-dir " + dir
                        : "no epoch had finished, so nothing was saved"));
                out.flush();
            }, "cnnc-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                log = trainer.fit(trainSet, testSet, dir, first, log);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
            if (trainer.lossScaler().skipped() > 0) {
                out.printf(Locale.ROOT, "loss scale: %s skipped over the run (gradients not finite; "
                        + "skipped_steps in last.safetensors), scale now %s%n",
                        Words.count(trainer.lossScaler().skipped(), "optimizer step"),
                        LossScaler.format(trainer.lossScaler().scale()));
            }
            MetricsLog.Epoch last = log.epochs().get(log.epochs().size() - 1);
            out.printf(Locale.ROOT, "%s after %s; checkpoints in %s (best.safetensors, "
                    + "last.safetensors), metrics.csv, steps.csv, metrics.png%n", trainer.finalTest() == null
                    ? String.format(Locale.ROOT, "test accuracy %.2f%%", 100 * last.testAccuracy())
                    : String.format(Locale.ROOT, "test accuracy %.2f%% (best.safetensors: epoch %d, by validation "
                    + "accuracy)", 100 * trainer.finalTest().top1(), trainer.finalTestEpoch()),
                    Words.count(last.epoch(), "epoch"), dir);
        }
    }

    /** Test-set metrics of {@code weights} in inference mode, as tables or JSON. */
    public static void eval(ModelBinding m, Path weights, Dataset test, int limit, double[] mean, double[] std,
                            List<String> names, boolean json, DeviceInfo info, PrintWriter out) {
        try (ClDevice dev = ClDevice.open(info);
             Executor ex = new Executor(dev, m.program(), List.of(ModelBinding.EVALUATION))) {
            ex.set(StepVariables.SEED, 0);
            if (Checkpoints.isQuantized(weights)) {
                Checkpoints.loadQuantized(weights, m, ex);
            } else {
                Checkpoints.load(weights, m, ex, false);
            }
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
     * Classifies image files (PNG, JPEG, BMP or GIF of any size, grey or colour) and prints each
     * one's top {@code top} classes with softmax probabilities. Each image is converted to the
     * model's input by {@link ImageInput} (resized bilinearly, colour to grey or grey to RGB, alpha
     * dropped), then normalised with the model's mean/std as in training. An image that cannot
     * be read (missing, not an image, truncated) is reported on {@code err} with its file name
     * and the reason, and skipped; the others are still predicted.
     *
     * <p>As text, each image's line (with a note of what was converted) is followed by its
     * ranked classes; with {@code json}, {@code out} gets only a JSON array with one object per
     * predicted image: {@code {"file": F, "top": [{"class": K, "name": N, "probability": P}, ...]}},
     * where {@code name} is given when the class has a name other than its index.
     *
     * @param command the command's name for messages on {@code err} ("cnnc predict")
     * @return how many images could not be read (0 when all were predicted)
     */
    public static int predict(ModelSession s, List<Path> images, int top, List<String> names, boolean json,
                              String command, PrintWriter out, PrintWriter err) {
        if (top < 1) {
            throw CommandFailure.usage("--top must be at least 1");
        }
        int[] shape = s.binding().inputShape();
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3)) {
            throw CommandFailure.model(s.binding().name() + " takes " + Arrays.toString(shape)
                    + ", not images [1 or 3, H, W]");
        }
        int sample = s.binding().sampleLength();
        List<Path> read = new ArrayList<>();
        List<ImageInput.Conversion> conversions = new ArrayList<>();
        float[] batch = new float[images.size() * sample];
        for (Path f : images) {
            try {
                conversions.add(ImageInput.load(f, shape, batch, read.size() * sample, s.recipe().interpolation()));
                read.add(f);
            } catch (DataException e) {
                err.println(command + ": error: " + e.getMessage() + " (skipped)");
            }
        }
        err.flush();
        int n = read.size();
        int k = s.binding().classes();
        List<Object> results = new ArrayList<>();
        if (n > 0) {
            float[] x = Arrays.copyOf(batch, n * sample);
            normalize(x, s.recipe().mean(), s.recipe().std(), shape);
            float[] logits = s.forward(x);
            for (int i = 0; i < n; i++) {
                double[] p = softmax(logits, i * k, k);
                int[] ranked = ranked(p, Math.min(top, k));
                if (json) {
                    results.add(jsonResult(read.get(i), ranked, p, names));
                    continue;
                }
                List<String> notes = conversions.get(i).notes(shape);
                out.println(read.get(i) + (notes.isEmpty() ? "" : "  (" + String.join("; ", notes) + ")"));
                for (int r = 0; r < ranked.length; r++) {
                    out.printf(Locale.ROOT, "  %d. %-16s %6.2f%%%n", r + 1, names.get(ranked[r]),
                            100 * p[ranked[r]]);
                }
            }
        }
        if (json) {
            out.println(results.isEmpty() ? "[]" : "[\n  " + String.join(",\n  ",
                    results.stream().map(Json::write).toList()) + "\n]");
        }
        out.flush();
        return images.size() - n;
    }

    /** The indices of the {@code count} largest of {@code p}, largest first (the lower index first on ties). */
    private static int[] ranked(double[] p, int count) {
        boolean[] shown = new boolean[p.length];
        int[] order = new int[count];
        for (int r = 0; r < count; r++) {
            int best = -1;
            for (int j = 0; j < p.length; j++) {
                if (!shown[j] && (best < 0 || p[j] > p[best])) {
                    best = j;
                }
            }
            shown[best] = true;
            order[r] = best;
        }
        return order;
    }

    /** One image's JSON object: its file and its ranked classes with names and probabilities. */
    private static Map<String, Object> jsonResult(Path file, int[] ranked, double[] p, List<String> names) {
        List<Object> top = new ArrayList<>();
        for (int j : ranked) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", j);
            if (!names.get(j).equals(Integer.toString(j))) {
                c.put("name", names.get(j));
            }
            c.put("probability", p[j]);
            top.add(c);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", file.toString());
        o.put("top", top);
        return o;
    }

    /** A batch from NPY, checked against the model's input: [N, ...sample]. */
    public static float[] readBatch(ModelBinding m, Path input) {
        return readBatchTensor(m, input).toFloatArray();
    }

    /** The batch tensor of {@link #readBatch}, in its file's type. */
    private static HostTensor readBatchTensor(ModelBinding m, Path input) {
        HostTensor x = Npy.read(input);
        int[] sample = m.inputShape();
        long[] shape = x.shape();
        if (shape.length == 0) {
            throw CommandFailure.model(input + ": a single number (a 0-d array); expected a batch [N, "
                    + String.join(", ", Arrays.stream(sample).mapToObj(Integer::toString).toList()) + "]");
        }
        if (shape.length != sample.length + 1 || !Arrays.equals(Arrays.stream(shape).skip(1).mapToInt(v -> (int) v)
                .toArray(), sample)) {
            throw CommandFailure.model(input + ": shape " + HostTensor.shapeString(shape) + " does not fit the "
                    + "model's input [N, " + String.join(", ", Arrays.stream(sample).mapToObj(Integer::toString)
                    .toList()) + "]");
        }
        if (shape[0] < 1) {
            throw CommandFailure.model(input + ": the batch is empty");
        }
        return x;
    }

    /**
     * Labels from NPY for {@code n} samples: a 1-d array of integers (any integer type; floats
     * are refused, as PyTorch's cross-entropy refuses float class indices) in [0, classes);
     * anything else is an error naming the file.
     */
    public static int[] readLabels(Path labels, int n, int classes) {
        HostTensor l = Npy.read(labels);
        if (l.rank() != 1 || l.dim(0) != n) {
            throw CommandFailure.model(labels + ": expected " + n + " labels [" + n + "], found "
                    + (l.rank() == 0 ? "a single number (a 0-d array)" : HostTensor.shapeString(l.shape())));
        }
        int[] y = new int[n];
        if (l.dtype().isFloatingPoint()) {
            throw CommandFailure.model(labels + ": labels must be integers in [0, " + classes + "), found "
                    + l.dtype().npyDescr() + " (floating point); save them as an integer array (np.int64)");
        }
        long[] v = l.toLongArray();
        for (int i = 0; i < n; i++) {
            if (v[i] < 0 || v[i] >= classes) {
                throw CommandFailure.model(labels + ": label " + v[i] + " (sample " + i + ") is not in [0, " + classes + "): labels must be "
                        + "integers in [0, " + classes + ")");
            }
            y[i] = (int) v[i];
        }
        return y;
    }

    /**
     * {@code run}: inference logits of an NPY batch to {@code output}; or, with {@code labels}
     * and {@code grads}, forward and backward in training mode (the batch must be the
     * session's), writing every parameter gradient and the mean loss. An fp64 program's logits
     * and gradients are written as fp64 (NPY {@code <f8}, safetensors F64), an fp32 one's as fp32.
     * With {@code normalize} the model's mean/std is applied to the input first ({@link Normalization}).
     */
    public static void run(ModelSession s, Path input, Path output, Path labels, Path grads, boolean normalize,
                           PrintWriter out) {
        ModelBinding m = s.binding();
        HostTensor xt = readBatchTensor(m, input);
        int n = (int) xt.dim(0);
        Normalization norm = normalize ? Normalization.of(s.recipe().mean(), s.recipe().std(), m.inputShape()) : null;
        if (norm != null) {
            // one rule for every entry point: raw inputs, normalised as the training data was
            float[] f = m.fp64() ? null : xt.toFloatArray();
            double[] d = m.fp64() ? xt.toDoubleArray() : null;
            if (f != null) {
                norm.applyAll(f);
                xt = HostTensor.ofFloats(xt.shape(), f);
            } else {
                norm.applyAll(d);
                xt = HostTensor.ofDoubles(xt.shape(), d);
            }
            out.println("input normalised with the model's mean/std, as in training (--no-normalize passes it as it is)");
        }
        long[] logitsShape = {n, m.classes()};
        HostTensor logits;
        if (labels != null) {
            int[] y = readLabels(labels, n, m.classes());
            if (n != m.batch()) {
                throw CommandFailure.model(input + ": " + n + " samples, but " + m.name() + " was compiled for "
                        + "batches of " + m.batch() + " (gradients need the whole batch at once; compile with "
                        + "--batch " + n + ")");
            }
            ModelSession.Gradients g = m.fp64() ? s.gradients(xt.toDoubleArray(), y)
                    : s.gradients(xt.toFloatArray(), y);
            g.grads().putMetadata("loss", Double.toString(g.loss()));
            Safetensors.write(grads, g.grads());
            out.printf(Locale.ROOT, "loss %.8f (mean %s over %d samples); %d gradients written to %s%n", g.loss(),
                    s.recipe().loss(), n, g.grads().size(), grads);
            logits = m.fp64() ? HostTensor.ofDoubles(logitsShape, s.lastLogits())
                    : HostTensor.ofFloats(logitsShape, g.logits());
        } else {
            logits = m.fp64() ? HostTensor.ofDoubles(logitsShape, s.forward(xt.toDoubleArray()))
                    : HostTensor.ofFloats(logitsShape, s.forward(xt.toFloatArray()));
        }
        if (output != null) {
            Npy.write(output, logits);
            out.printf("logits [%d, %d] (%s) written to %s%n", n, m.classes(), m.fp64() ? "fp64" : "fp32", output);
        }
    }

    /** The model's normalisation (the data loader's rule, {@link Normalization}) of a batch of {@code shape} samples. */
    public static void normalize(float[] batch, double[] mean, double[] std, int[] shape) {
        Normalization n = Normalization.of(mean, std, shape);
        if (n != null) {
            n.applyAll(batch);
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
