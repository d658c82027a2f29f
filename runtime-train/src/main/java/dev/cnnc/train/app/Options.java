package dev.cnnc.train.app;

import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Devices;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options that {@code cnnc}'s commands and a compiled model's jar share, as
 * picocli mixins, so both spell and document them the same way.
 */
public final class Options {
    private Options() {
    }

    /**
     * A command-line mistake (an unknown option, a missing FILE, a value of the wrong type) as one
     * short message, picocli's suggestions ("Did you mean: train --epochs?") and where the usage
     * is, instead of the whole usage text; exit 2.
     */
    public static void shortUsageErrors(picocli.CommandLine cli, int usageCode) {
        cli.setParameterExceptionHandler((e, args) -> {
            picocli.CommandLine c = e.getCommandLine();
            java.io.PrintWriter err = c.getErr();
            String name = c.getCommandSpec().qualifiedName();
            err.println(name + ": error: " + e.getMessage());
            picocli.CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("see `" + name + " --help`");
            err.flush();
            return usageCode;
        });
    }

    /**
     * Gives every subcommand of {@code cli} (at any depth) {@code -h}/{@code --help} and
     * {@code -V}/{@code --version}, as the top command has: {@code cnnc check --help} prints the
     * command's usage and exits 0 instead of complaining about its missing FILE.
     */
    public static void helpEverywhere(picocli.CommandLine cli) {
        for (picocli.CommandLine sub : cli.getSubcommands().values()) {
            if (!sub.getCommandSpec().mixinStandardHelpOptions() && !sub.getCommandSpec().helpCommand()) {
                sub.getCommandSpec().mixinStandardHelpOptions(true);
            }
            helpEverywhere(sub);
        }
    }

    /** {@code --device} of every command that runs kernels, and its selection rule. */
    public static final class Device {
        @Option(names = "--device", paramLabel = "SPEC", description = "an index, cpu, gpu, or part of a device name "
                + "(default: the first GPU, else the first CPU; `cnnc devices` lists them)")
        public String spec;

        @Option(names = "--verbose", description = "say what each kernel build did (units compiled or from the "
                + "cache, time) and print the device compiler's messages, which a good build otherwise keeps quiet")
        public boolean verbose;

        /**
         * The selected device; a spec that matches nothing is a usage error listing the devices.
         * With {@code --verbose}, devices opened from now on report each build on standard error.
         */
        public DeviceInfo select() {
            if (verbose) {
                dev.cnnc.runtime.opencl.ClDevice.defaultProgress(
                        dev.cnnc.runtime.opencl.ClProgramSet.Progress.verbose(System.err));
            }
            try {
                return Devices.select(spec);
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(e.getMessage());
            }
        }
    }

    /** Which dataset. */
    public static final class Data {
        @Option(names = "--data", paramLabel = "NAME|DIR", description = "fashion-mnist, mnist, or a folder with train/ "
                + "and test/ image folders (default: the train section's `data`)")
        public String data;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "where the IDX files are (default: "
                + "/usr/share/datasets/<name>)")
        public Path dataDir;

        /** {@code --data}, else the recipe's. */
        public String name(String recipeData) {
            return data != null ? data : recipeData;
        }
    }

    /** A training run's options besides the data and what the program bakes in. */
    public static final class Training {
        @Option(names = "--epochs", description = "epochs (default: the train section's)")
        public Integer epochs;

        @Option(names = "--lr", description = "base learning rate (default: the optimizer's)")
        public Double lr;

        @Option(names = "--seed", description = "seed of initialisation, shuffling, augmentation, dropout")
        public Long seed;

        @Option(names = "--limit", defaultValue = "0", description = "train on the first N samples only")
        public int limit;

        @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on the first N test samples only")
        public int testLimit;

        @Option(names = "--val-split", paramLabel = "F", description = "hold out F of each class of the training set "
                + "for validation (default: the train section's `val`, else none; 0: none)")
        public Double valSplit;

        @Option(names = "--loss-scale", paramLabel = "SCALE", description = "none, dynamic (PyTorch's GradScaler "
                + "defaults), dynamic:INIT or static:S (default: the train section's `loss_scale`, else none)")
        public String lossScale;

        @Option(names = "--run-dir", paramLabel = "DIR", description = "where to write metrics and checkpoints "
                + "(default: runs/<model>, numbered if it exists)")
        public Path runDir;

        @Option(names = "--resume", description = "continue the run in --run-dir from its last.safetensors")
        public boolean resume;

        @Option(names = "--weights", paramLabel = "FILE", description = "start from pretrained weights (.safetensors, "
                + "PyTorch names): those that fit the model by name and shape are loaded over the seeded "
                + "initialisation, the rest reported (missing, unexpected, other shape); a fresh optimizer")
        public Path weights;

        @Option(names = "--overwrite", description = "start a new run in --run-dir even where it holds one "
                + "(its checkpoints and metrics are replaced)")
        public boolean overwrite;

        /**
         * The run's folder: {@code --run-dir}, else a fresh {@code runs/<model>}. A folder that
         * holds a run is continued only with {@code --resume} and replaced only with
         * {@code --overwrite}; otherwise it is a usage error, so that no run is lost to a typo.
         */
        public java.nio.file.Path dir(String model) {
            if (resume && weights != null) {
                throw CommandFailure.usage("--weights starts a new run from pretrained weights, --resume continues a "
                        + "run from its last.safetensors: give one");
            }
            if (resume && overwrite) {
                throw CommandFailure.usage("--resume continues the run in --run-dir, --overwrite replaces it: give one");
            }
            if (runDir == null) {
                if (resume) {
                    throw CommandFailure.usage("--resume needs the run's folder: --run-dir DIR");
                }
                return Runs.freshRunDir(model);
            }
            if (!resume && !overwrite) {
                List<String> held = new java.util.ArrayList<>();
                for (String f : new String[] {"last.safetensors", "best.safetensors", "metrics.csv"}) {
                    if (java.nio.file.Files.exists(runDir.resolve(f))) {
                        held.add(f);
                    }
                }
                if (!held.isEmpty()) {
                    throw CommandFailure.usage(runDir + " already holds a run (" + String.join(", ", held) + "); "
                            + "continue it with --resume, replace it with --overwrite, or give another --run-dir");
                }
            }
            return runDir;
        }

        /** Checks the numbers; returns the epochs to run ({@code --epochs}, else {@code recipeEpochs}). */
        public int epochs(int recipeEpochs) {
            int n = epochs != null ? epochs : recipeEpochs;
            if (n < 1 || limit < 0 || testLimit < 0) {
                throw CommandFailure.usage("--epochs must be at least 1, limits not negative");
            }
            if (valSplit != null && !(valSplit >= 0 && valSplit < 1)) {
                throw CommandFailure.usage("--val-split must be in [0, 1): " + valSplit);
            }
            return n;
        }

        /** {@code config} with {@code --val-split} and {@code --loss-scale} when given. */
        public dev.cnnc.train.TrainConfig apply(dev.cnnc.train.TrainConfig config) {
            dev.cnnc.train.TrainConfig c = valSplit == null ? config : config.withValSplit(valSplit);
            if (lossScale != null) {
                try {
                    c = c.withLossScale(dev.cnnc.train.optim.LossScaler.Settings.parse(lossScale));
                } catch (IllegalArgumentException e) {
                    throw CommandFailure.usage("--loss-scale: " + e.getMessage());
                }
            }
            return c;
        }
    }

    /** {@code run}'s tensors. */
    public static final class Tensors {
        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights (.safetensors)")
        public Path weights;

        @Option(names = "--input", required = true, paramLabel = "FILE", description = "an NPY batch [N, C, H, W]")
        public Path input;

        @Option(names = "--output", paramLabel = "FILE", description = "where to write the logits [N, K] (NPY, "
                + "float32)")
        public Path output;

        @Option(names = "--labels", paramLabel = "FILE", description = "NPY integer labels [N]: run forward and "
                + "backward in training mode instead, writing the loss and every gradient (no update)")
        public Path labels;

        @Option(names = "--grads", paramLabel = "FILE", description = "with --labels: where to write the gradients")
        public Path grads;

        @Option(names = "--no-normalize", description = "pass the input to the model as it is: without this, the "
                + "model's mean/std is applied first, as train, eval and predict do (the input is then raw, pixel "
                + "values in [0, 1]); with it, the input is what PyTorch's module(x) would take")
        public boolean noNormalize;

        /** Usage errors of the combination. */
        public void check() {
            if ((labels == null) != (grads == null)) {
                throw CommandFailure.usage("--labels and --grads go together");
            }
            if (labels == null && output == null) {
                throw CommandFailure.usage("give --output (logits) or --labels with --grads");
            }
        }
    }

    /** {@code eval}'s options besides the data. */
    public static final class Evaluation {
        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "a .safetensors checkpoint")
        public Path weights;

        @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N test samples only")
        public int limit;

        @Option(names = "--json", description = "print JSON instead of tables")
        public boolean json;
    }

    /** {@code predict}'s options besides the images. */
    public static final class Prediction {
        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights (.safetensors)")
        public Path weights;

        @Option(names = "--top", defaultValue = "3", description = "classes to show per image (default: "
                + "${DEFAULT-VALUE})")
        public int top;

        @Option(names = "--json", description = "print the predictions as JSON (one object per image: file, and "
                + "the top classes with class, name and probability), nothing else on stdout")
        public boolean json;
    }
}
