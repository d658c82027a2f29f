package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.Evaluation;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.metrics.Classification;
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

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "a .safetensors checkpoint")
    Path weights;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--data", paramLabel = "NAME|DIR", description = "fashion-mnist, mnist, or a folder with a test/"
            + " image folder (default: the train section's `data`)")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the IDX files are")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "100", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N test samples only")
    int limit;

    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (batch < 1 || limit < 0) {
                throw new TrainingSetup.Failure(Main.USAGE, "--batch must be at least 1 and --limit not negative");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            String dataName = data != null ? data : g.training().has("data") ? g.training().s("data") : null;
            Dataset test = TrainingSetup.dataset(dataName, dataDir, false);
            DeviceInfo info = device.select();
            // The loss reported is the model's own (as `train` logs it); plain cross-entropy for a loss
            // that cannot run on the device yet.
            LossLowering.Loss loss;
            try {
                loss = TrainingSetup.loss(g.training());
            } catch (TrainingSetup.Failure notTrainable) {
                loss = LossLowering.Loss.crossEntropy(0);
            }
            ModelBinding m = TrainingSetup.lower(g, batch, Precision.FP32, loss, null);
            try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, m.program())) {
                Checkpoints.load(weights, m, ex, false);
                double[] mean = (double[]) g.training().get("mean");
                double[] std = (double[]) g.training().get("std");
                DataLoader.Builder b = DataLoader.builder(test.first(limit))
                        .batchSize(batch).shuffle(false).dropLast(false);
                if (mean != null) {
                    b.normalize(mean, std);
                }
                try (DataLoader loader = b.build()) {
                    Classification c = Evaluation.run(m, ex, loader, 0);
                    List<String> names = TrainingSetup.classes(g, test);
                    out.print(json ? c.json(names) : c.table(names));
                }
            }
            return Main.OK;
        } catch (TrainingSetup.Failure f) {
            if (f.getMessage() != null) {
                err.println("cnnc eval: error: " + f.getMessage());
            }
            return f.code;
        } catch (DataException | IllegalArgumentException | ClException | TensorFileException e) {
            err.println("cnnc eval: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }
}
