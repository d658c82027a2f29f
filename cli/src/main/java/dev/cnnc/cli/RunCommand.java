package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Reals;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.io.TensorFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
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

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights (.safetensors)")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "an NPY batch, [N, C, H, W] or [N, F]")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "where to write the logits [N, K] (NPY, float32)")
    Path output;

    @Option(names = "--labels", paramLabel = "FILE", description = "NPY integer labels [N]: run forward and backward")
    Path labels;

    @Option(names = "--grads", paramLabel = "FILE", description = "with --labels: where to write the gradients")
    Path grads;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or fp64 (default: ${DEFAULT-VALUE})")
    String precision;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if ((labels == null) != (grads == null)) {
                throw new TrainingSetup.Failure(Main.USAGE, "--labels and --grads go together");
            }
            if (labels == null && output == null) {
                throw new TrainingSetup.Failure(Main.USAGE, "give --output (logits) or --labels with --grads");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            Precision p = TrainingSetup.precision(precision);
            HostTensor x = Npy.read(input);
            int[] sample = g.inputs().get(0).shape().dims();
            long[] shape = x.shape();
            if (shape.length != sample.length + 1 || !Arrays.equals(Arrays.stream(shape).skip(1).mapToInt(v -> (int) v)
                    .toArray(), sample)) {
                throw new TrainingSetup.Failure(Main.MODEL_ERROR, input + ": shape " + HostTensor.shapeString(shape)
                        + " does not fit the model's input [N, " + String.join(", ", Arrays.stream(sample)
                        .mapToObj(Integer::toString).toList()) + "]");
            }
            int n = (int) shape[0];
            if (n < 1) {
                throw new TrainingSetup.Failure(Main.MODEL_ERROR, input + ": the batch is empty");
            }
            int[] y = null;
            if (labels != null) {
                HostTensor l = Npy.read(labels);
                if (l.rank() != 1 || l.dim(0) != n) {
                    throw new TrainingSetup.Failure(Main.MODEL_ERROR, labels + ": expected " + n + " labels [" + n
                            + "], found " + HostTensor.shapeString(l.shape()));
                }
                y = l.toIntArray();
            }
            DeviceInfo info = device.select();
            ModelBinding m = TrainingSetup.lower(g, n, p, LossLowering.Loss.crossEntropy(0), null);
            try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, m.program())) {
                ex.set("seed", 0);
                Checkpoints.load(weights, m, ex, false);
                Reals.write(ex.buffer(m.input()), x.toDoubleArray(), m.fp64());
                float[] logits = new float[n * m.classes()];
                if (y == null) {
                    ex.run("forward_inference");
                } else {
                    for (int v : y) {
                        if (v < 0 || v >= m.classes()) {
                            throw new TrainingSetup.Failure(Main.MODEL_ERROR, labels + ": label " + v
                                    + " is not in [0, " + m.classes() + ")");
                        }
                    }
                    ex.buffer(m.labels()).write(y);
                    for (String phase : new String[] {"forward", "zero_grads", "zero_param_grads", "loss", "backward"}) {
                        ex.run(phase);
                    }
                    float[] losses = new float[n];
                    Reals.read(ex.buffer(m.loss()), losses, m.fp64());
                    double mean = 0;
                    for (float v : losses) {
                        mean += v / n;
                    }
                    StateDict d = new StateDict();
                    for (ModelBinding.ParamBinding prm : m.params()) {
                        if (prm.grad() >= 0) {
                            float[] gr = new float[(int) prm.elements()];
                            Reals.read(ex.buffer(prm.grad()), gr, m.fp64());
                            d.put(prm.name(), HostTensor.ofFloats(prm.shape(), gr));
                        }
                    }
                    d.putMetadata("loss", Double.toString(mean));
                    Safetensors.write(grads, d);
                    out.printf(Locale.ROOT, "loss %.8f (mean softmax cross-entropy over %d samples); %d gradients "
                            + "written to %s%n", mean, n, d.size(), grads);
                }
                if (output != null) {
                    Reals.read(ex.buffer(m.logits()), logits, m.fp64());
                    Npy.write(output, HostTensor.ofFloats(new long[] {n, m.classes()}, logits));
                    out.printf("logits [%d, %d] written to %s%n", n, m.classes(), output);
                }
            }
            return Main.OK;
        } catch (TrainingSetup.Failure f) {
            if (f.getMessage() != null) {
                err.println("cnnc run: error: " + f.getMessage());
            }
            return f.code;
        } catch (TensorFileException | IllegalArgumentException | ClException e) {
            err.println("cnnc run: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }
}
