package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.app.Runs;
import dev.cnnc.train.data.Dataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnc eval}: top-1/top-5 accuracy, per-class precision/recall/F1 and the confusion matrix. */
@Command(name = "eval", description = "Evaluate trained weights on a test set: accuracy, per-class precision, recall,"
        + " F1, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Mixin
    Options.Data data;

    @Option(names = "--batch", defaultValue = "100", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    Options.Evaluation eval;

    @Mixin
    Options.Device device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc eval", err, () -> {
            if (batch < 1 || eval.limit < 0) {
                throw CommandFailure.usage("--batch must be at least 1 and --limit not negative");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            // The loss reported is the model's own (as `train` logs it); plain cross-entropy for a loss
            // that cannot run on the device yet.
            LossLowering.Loss loss = Recipes.lossOrCrossEntropy(g);
            Recipe r = TrainingSetup.recipe(g, Recipes.optimizer(g), loss, batch, Precision.FP32);
            int outputs = (int) g.outputs().values().iterator().next().shape().elements();
            // The labels follow the names the weights were trained with (stored in a cnnc checkpoint), else the
            // model's `classes`; checked, with the data, before lowering.
            List<String> trained = Runs.checkpointClasses(eval.weights, outputs);
            String dataName = data.name(r.data());
            Dataset test = Runs.checkSplit(g.name(), g.inputs().get(0).shape().dims(), outputs,
                    trained != null ? trained : r.classes(), dataName, Runs.dataset(dataName, data.dataDir, false),
                    false);
            DeviceInfo info = device.select();
            ModelBinding m = TrainingSetup.lowerFor(eval.weights, g, batch, loss, info, err);
            Runs.eval(m, eval.weights, test, eval.limit, r.mean(), r.std(), Runs.classNames(trained, r, m.classes(),
                    test.classes()), eval.json, info, spec.commandLine().getOut());
            return Main.OK;
        });
    }
}
