package dev.cnnc.train.app;

import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.TrainConfig;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.io.TensorFileException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The command line of a compiled model's jar ({@code java -jar model.jar info|train|eval|predict|run}):
 * the same commands as {@code cnnc}, on the program the jar carries instead of a {@code .cnn}
 * file. The batch size, precision, loss and optimizer are those the jar was compiled with.
 */
@Command(mixinStandardHelpOptions = true, description = "A model compiled by cnnc: train it, evaluate it, run it.")
public final class ModelApp implements Runnable {
    /**
     * What a generated model class hands over: its name, its binding (built on demand), its
     * training recipe, the text of {@code info}, and the weights compiled into the jar
     * ({@code cnnc compile --weights}: a float checkpoint or a quantized model), opened on demand
     * (null, or a supplier of null, when it has none).
     */
    public record Artifact(String name, Supplier<ModelBinding> binding, Recipe recipe, String info,
                           Supplier<java.io.InputStream> weights) {
        /** Without weights of its own. */
        public Artifact(String name, Supplier<ModelBinding> binding, Recipe recipe, String info) {
            this(name, binding, recipe, info, null);
        }
    }

    /** The commands that take {@code --weights} and use a jar's own weights without it. */
    private static final java.util.Set<String> WEIGHTED = java.util.Set.of("eval", "predict", "run");

    private final Artifact artifact;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private ModelApp(Artifact artifact) {
        this.artifact = artifact;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: info, train, eval, "
                + "predict or run (see --help)");
    }

    /** Runs the command line and exits the JVM with its code. */
    public static void main(Artifact artifact, String[] args) {
        if (System.console() != null) {
            dev.cnnc.runtime.opencl.ClDevice.defaultProgress(
                    dev.cnnc.runtime.opencl.ClProgramSet.Progress.terminal(System.err));
        }
        System.exit(run(artifact, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (0, 1 model/data, 2 usage, 70 internal). */
    public static int run(Artifact artifact, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ModelApp(artifact));
        cli.setCommandName("java -jar " + jarName(artifact));
        cli.getCommandSpec().version(artifact.name() + " (compiled by cnnc)");
        cli.addSubcommand("info", new Info(artifact));
        cli.addSubcommand("train", new Train(artifact));
        cli.addSubcommand("eval", new Eval(artifact));
        cli.addSubcommand("predict", new Predict(artifact));
        cli.addSubcommand("run", new Run(artifact));
        Options.helpEverywhere(cli);
        Options.shortUsageErrors(cli, CommandFailure.USAGE);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> CommandFailure.USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String command = commandLine.getCommandName();
            if (e instanceof CommandFailure f) {
                if (f.getMessage() != null) {
                    err.println(command + ": error: " + f.getMessage());
                }
                return f.code();
            }
            if (e instanceof DataException || e instanceof TensorFileException || e instanceof ClException
                    || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                    || e instanceof dev.cnnc.train.NonFinite.NonFiniteException) {
                err.println(command + ": error: " + e.getMessage());
                return CommandFailure.MODEL_ERROR;
            }
            err.println(command + ": internal error: " + e);
            e.printStackTrace(err);
            return CommandFailure.INTERNAL;
        });
        int code;
        try {
            code = cli.execute(withOwnWeights(artifact, args));
        } catch (OutOfMemoryError e) {
            err.println("error: the Java heap is exhausted (" + e.getMessage() + ", at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give the JVM more, e.g. "
                    + "java -Xmx16g -jar ..., or use a smaller batch or dataset limit");
            code = CommandFailure.MODEL_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }

    /**
     * {@code args}, with {@code --weights} naming the jar's own weights (copied to a temporary
     * file, deleted on exit) when the command takes weights, none are given and the jar has them.
     */
    static String[] withOwnWeights(Artifact artifact, String[] args) {
        if (args.length == 0 || !WEIGHTED.contains(args[0]) || artifact.weights() == null) {
            return args;
        }
        for (String a : args) {
            if (a.equals("--weights") || a.startsWith("--weights=") || a.equals("-h") || a.equals("--help")) {
                return args;
            }
        }
        try (java.io.InputStream in = artifact.weights().get()) {
            if (in == null) {
                return args;
            }
            Path tmp = java.nio.file.Files.createTempFile("cnnc-" + artifact.name() + "-", ".safetensors");
            tmp.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String[] out = java.util.Arrays.copyOf(args, args.length + 2);
            out[args.length] = "--weights";
            out[args.length + 1] = tmp.toString();
            return out;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("reading the weights in the jar", e);
        }
    }

    /** The file name of the jar this runs from (the model's name when not run from a jar). */
    private static String jarName(Artifact artifact) {
        try {
            java.security.CodeSource cs = ModelApp.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                Path p = Path.of(cs.getLocation().toURI()).getFileName();
                if (p != null && p.toString().endsWith(".jar")) {
                    return p.toString();
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the model's name
        }
        return artifact.name().toLowerCase(Locale.ROOT) + ".jar";
    }

    /** What every command that runs kernels has. */
    abstract static class DeviceCommand implements Callable<Integer> {
        final Artifact artifact;

        @Mixin
        Options.Device device;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        DeviceCommand(Artifact artifact) {
            this.artifact = artifact;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "info", description = "What the model is and how it was compiled.")
    static final class Info implements Callable<Integer> {
        private final Artifact artifact;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Info(Artifact artifact) {
            this.artifact = artifact;
        }

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(artifact.info());
            return CommandFailure.OK;
        }
    }

    @Command(name = "train", description = "Train with the compiled recipe (batch, optimizer, loss and precision are "
            + "fixed by compilation); options override the rest.")
    static final class Train extends DeviceCommand {
        @Mixin
        Options.Data data;

        @Mixin
        Options.Training run;

        Train(Artifact artifact) {
            super(artifact);
        }

        @Override
        public Integer call() {
            Recipe r = artifact.recipe();
            TrainConfig config = run.apply(r.config(run.epochs(r.epochs()), run.seed != null ? run.seed : r.seed(),
                    run.lr != null ? run.lr : r.lr(), run.limit, run.testLimit));
            String dataName = data.name(r.data());
            Dataset trainSet = Runs.dataset(dataName, data.dataDir, true);
            Dataset testSet = Runs.dataset(dataName, data.dataDir, false);
            ModelBinding m = artifact.binding().get();
            if (m.program().phases().containsKey("int8_pack")) {
                throw CommandFailure.usage("this jar runs an int8 model (compiled with a quantized --weights): it "
                        + "evaluates and predicts (eval, predict, run) but does not train");
            }
            Runs.Splits splits = Runs.checkData(m.name(), m.inputShape(), m.classes(), r.classes(), dataName,
                    trainSet, testSet);
            long params = m.params().stream().filter(ModelBinding.ParamBinding::trainable)
                    .mapToLong(ModelBinding.ParamBinding::elements).sum();
            Runs.train(m, config, String.format(Locale.ROOT, "%s (%,d parameters)", m.name(), params),
                    r.optimizerText() + ", " + config.schedule(), splits.train(), splits.test(), device.select(),
                    run.dir(m.name()), run.resume, run.weights, out());
            return CommandFailure.OK;
        }
    }

    @Command(name = "eval", description = "Evaluate weights on a test set: accuracy, per-class precision, recall, F1, "
            + "confusion matrix.")
    static final class Eval extends DeviceCommand {
        @Mixin
        Options.Data data;

        @Mixin
        Options.Evaluation eval;

        Eval(Artifact artifact) {
            super(artifact);
        }

        @Override
        public Integer call() {
            if (eval.limit < 0) {
                throw CommandFailure.usage("--limit must not be negative");
            }
            Recipe r = artifact.recipe();
            ModelBinding m = artifact.binding().get();
            List<String> trained = Runs.checkpointClasses(eval.weights, m.classes());
            String dataName = data.name(r.data());
            Dataset test = Runs.checkSplit(m.name(), m.inputShape(), m.classes(), trained != null ? trained
                    : r.classes(), dataName, Runs.dataset(dataName, data.dataDir, false), false);
            Runs.eval(m, eval.weights, test, eval.limit, r.mean(), r.std(), Runs.classNames(trained, r, m.classes(),
                    test.classes()), eval.json, device.select(), out());
            return CommandFailure.OK;
        }
    }

    @Command(name = "predict", description = "Classify images with trained weights: the top-k classes and "
            + "probabilities.")
    static final class Predict extends DeviceCommand {
        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG, BMP or GIF images of any size, "
                + "grey or colour (converted to the model's input)")
        List<Path> images;

        @Mixin
        Options.Prediction predict;

        Predict(Artifact artifact) {
            super(artifact);
        }

        @Override
        public Integer call() {
            ModelBinding m = artifact.binding().get();
            try (ModelSession s = ModelSession.open(m, artifact.recipe(), device.select())) {
                // named as in training: the checkpoint's stored classes (an image folder's names), else the model's
                List<String> trained = dev.cnnc.train.Checkpoints.classes(s.load(predict.weights));
                int failed = Runs.predict(s, images, predict.top, Runs.classNames(trained, artifact.recipe(),
                        m.classes(), null), predict.json, "predict", out(), spec.commandLine().getErr());
                return failed == 0 ? CommandFailure.OK : CommandFailure.MODEL_ERROR;
            }
        }
    }

    @Command(name = "run", description = "Run on an NPY batch: logits to NPY; or, with --labels and --grads, the loss "
            + "and every parameter's gradient (training mode, no update).")
    static final class Run extends DeviceCommand {
        @Mixin
        Options.Tensors tensors;

        Run(Artifact artifact) {
            super(artifact);
        }

        @Override
        public Integer call() {
            tensors.check();
            ModelBinding m = artifact.binding().get();
            try (ModelSession s = ModelSession.open(m, artifact.recipe(), device.select())) {
                s.load(tensors.weights);
                Runs.run(s, tensors.input, tensors.output, tensors.labels, tensors.grads, !tensors.noNormalize, out());
            }
            return CommandFailure.OK;
        }
    }
}
