package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.TrainConfig;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.app.Runs;
import dev.cnnc.train.data.Dataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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

    @Mixin
    Options.Data data;

    @Option(names = "--batch", description = "batch size (default: the train section's, else 64)")
    Integer batch;

    @Option(names = "--optimizer", description = "sgd, adam or adamw with its default options (default: the "
            + "train section's)")
    String optimizer;

    @Mixin
    Options.Training run;

    @Option(names = "--precision", description = "fp32, fp64 or mixed (fp16 activations) (default: the train "
            + "section's)")
    String precision;

    @Mixin
    Options.Device device;

    @Mixin
    CheckpointOptions checkpointing;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc train", err, () -> train(spec.commandLine().getOut(), err));
    }

    private int train(PrintWriter out, PrintWriter err) {
        Graph g = TrainingSetup.compile(file, model, err);
        Attrs t = g.training();
        int epochsN = run.epochs(t.i("epochs"));
        int batchN = batch != null ? batch : t.i("batch");
        if (batchN < 1) {
            throw CommandFailure.usage("--batch must be at least 1");
        }
        Precision p = TrainingSetup.precision(precision != null ? precision : t.s("precision"));
        OptimizerLowering.Config oc = Recipes.optimizer(g);
        if (optimizer != null) {
            try {
                oc = OptimizerLowering.Config.of(new Component(optimizer, Attrs.EMPTY));
            } catch (IllegalArgumentException e) {
                // a value of the command line, as --epochs 0 is: a usage error (exit 2)
                throw CommandFailure.usage("--optimizer: " + e.getMessage());
            }
        }
        if (run.lr != null) {
            oc = oc.withLr(run.lr);
        }
        LossLowering.Loss loss = TrainingSetup.loss(g);
        Recipe recipe = TrainingSetup.recipe(g, oc, loss, batchN, p);
        TrainConfig config = run.apply(recipe.config(epochsN, run.seed != null ? run.seed : t.i("seed"), oc.lr(),
                run.limit, run.testLimit));
        String dataName = data.name(recipe.data());
        Dataset trainSet = Runs.dataset(dataName, data.dataDir, true);
        Dataset testSet = Runs.dataset(dataName, data.dataDir, false);
        // checked before lowering, which takes a while for big models: both splits against each other and the
        // model; with the model's `classes`, image folders' labels follow those names
        Runs.Splits splits = Runs.checkData(g.name(), g.inputs().get(0).shape().dims(),
                (int) g.outputs().values().iterator().next().shape().elements(), recipe.classes(), dataName,
                trainSet, testSet);
        Path dir = run.dir(g.name());
        DeviceInfo info = device.select();
        checkpointing.budget(); // a malformed --max-memory fails before the data is read
        TrainingSetup.requireTrainable(g, batchN);
        ModelBinding m = TrainingSetup.lower(g, batchN, p, loss, oc, info, checkpointing, out, err);
        java.util.Set<String> frozen = OptimizerLowering.frozen(g);
        long frozenCount = g.params().stream().filter(prm -> frozen.contains(prm.name()))
                .mapToLong(dev.cnnc.compiler.ir.Param::elements).sum();
        String summary = String.format(Locale.ROOT, "%s (%,d parameters", g.name(), g.parameterCount())
                + (frozenCount > 0 ? String.format(Locale.ROOT, ", %,d of them frozen", frozenCount) : "") + ")";
        Runs.train(m, config, summary,
                oc + ", " + config.schedule(), splits.train(), splits.test(), info, dir, run.resume, run.weights, out);
        return Main.OK;
    }
}
