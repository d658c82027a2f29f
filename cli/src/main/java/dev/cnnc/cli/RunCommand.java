package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.app.Runs;
import dev.cnnc.train.io.Npy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc run}: the forward pass (inference mode) on an NCHW batch from NPY, logits to
 * NPY; with {@code --labels} and {@code --grads}, forward and backward in training mode
 * instead, printing the mean cross-entropy and writing every parameter's gradient (no update),
 * so results can be compared with any other framework.
 */
@Command(name = "run", description = "Run a classifier on an NPY batch: logits to NPY; or, with --labels and --grads,"
        + " the loss and every parameter's gradient.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Mixin
    Options.Tensors tensors;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, fp64 or mixed (fp16 activations) "
            + "(default: ${DEFAULT-VALUE})")
    String precision;

    @Mixin
    Options.Device device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc run", err, () -> {
            tensors.check();
            Graph g = TrainingSetup.compile(file, model, err);
            Precision p = TrainingSetup.precision(precision);
            // With labels the program is lowered for exactly this batch, so gradients see the whole batch
            // at once; logits alone are computed a sample at a time, by one program for any batch.
            long[] shape = Npy.read(tensors.input).shape();
            long n = shape.length == 0 ? 0 : shape[0];
            if (shape.length == 0) {
                throw CommandFailure.model(tensors.input + ": a single number (a 0-d array); expected a batch [N, "
                        + "...] of at least one sample");
            }
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw CommandFailure.model(tensors.input + ": expected a batch [N, ...] of at least one sample, found "
                        + dev.cnnc.train.io.HostTensor.shapeString(shape));
            }
            if (tensors.labels == null) {
                n = Runs.INFERENCE_BATCH;
            } else {
                // checked before lowering: integers in [0, classes), one per sample
                Runs.readLabels(tensors.labels, (int) n, (int) g.outputs().values().iterator().next().shape()
                        .elements());
            }
            LossLowering.Loss loss = TrainingSetup.loss(g);
            DeviceInfo info = device.select();
            boolean int8 = dev.cnnc.train.Checkpoints.isQuantized(tensors.weights);
            if (int8 && (tensors.labels != null || p != Precision.FP32)) {
                throw CommandFailure.usage(tensors.weights + " is an int8 model: it runs forward only (no --labels "
                        + "or --grads), in fp32");
            }
            ModelBinding m = int8 ? TrainingSetup.lowerFor(tensors.weights, g, (int) n, loss, info, err)
                    : TrainingSetup.lower(g, (int) n, p, loss, null, info, err);
            try (ModelSession s = ModelSession.open(m, TrainingSetup.recipe(g, Recipes.optimizer(g), loss, (int) n, p),
                    info)) {
                s.load(tensors.weights);
                Runs.run(s, tensors.input, tensors.output, tensors.labels, tensors.grads, !tensors.noNormalize,
                        spec.commandLine().getOut());
            }
            return Main.OK;
        });
    }
}
