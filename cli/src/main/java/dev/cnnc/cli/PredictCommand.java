package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Reals;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.data.ImageFolderDataset;
import dev.cnnc.train.io.TensorFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc predict}: classifies images (PNG or JPEG of the model's input size) with trained
 * weights and prints the top-k classes with their softmax probabilities, named by the model's
 * {@code classes} when it has them.
 */
@Command(name = "predict", description = "Classify images with trained weights: the top-k classes and probabilities.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG images")
    List<Path> images;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights (.safetensors)")
    Path weights;

    @Option(names = "--top", defaultValue = "3", description = "classes to show per image (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Mixin
    DeviceOption device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (top < 1) {
                throw new TrainingSetup.Failure(Main.USAGE, "--top must be at least 1");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            int[] shape = g.inputs().get(0).shape().dims();
            if (shape.length != 3) {
                throw new TrainingSetup.Failure(Main.MODEL_ERROR, g.name() + " takes " + g.inputs().get(0).shape()
                        + ", not images [C, H, W]");
            }
            int n = images.size();
            int sample = shape[0] * shape[1] * shape[2];
            float[] batch = new float[n * sample];
            for (int i = 0; i < n; i++) {
                ImageFolderDataset.decode(images.get(i), shape, batch, i * sample);
            }
            normalize(batch, (double[]) g.training().get("mean"), (double[]) g.training().get("std"), shape);
            ModelBinding m = TrainingSetup.lower(g, n, Precision.FP32, LossLowering.Loss.crossEntropy(0), null);
            List<String> names = classNames(g, m.classes());
            try (ClDevice dev = ClDevice.open(device.select()); Executor ex = new Executor(dev, m.program())) {
                ex.set("seed", 0);
                Checkpoints.load(weights, m, ex, false);
                Reals.write(ex.buffer(m.input()), batch, m.fp64());
                ex.run("forward_inference");
                float[] logits = new float[n * m.classes()];
                Reals.read(ex.buffer(m.logits()), logits, m.fp64());
                for (int i = 0; i < n; i++) {
                    out.println(images.get(i));
                    double[] p = softmax(logits, i * m.classes(), m.classes());
                    boolean[] shown = new boolean[p.length];
                    for (int r = 0; r < Math.min(top, p.length); r++) {
                        int best = -1;
                        for (int k = 0; k < p.length; k++) {
                            if (!shown[k] && (best < 0 || p[k] > p[best])) {
                                best = k;
                            }
                        }
                        shown[best] = true;
                        out.printf(Locale.ROOT, "  %d. %-16s %6.2f%%%n", r + 1, names.get(best), 100 * p[best]);
                    }
                }
            }
            return Main.OK;
        } catch (TrainingSetup.Failure f) {
            if (f.getMessage() != null) {
                err.println("cnnc predict: error: " + f.getMessage());
            }
            return f.code;
        } catch (DataException | TensorFileException | IllegalArgumentException | ClException e) {
            err.println("cnnc predict: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }

    /** The model's normalisation, as the training data loader applies it. */
    static void normalize(float[] batch, double[] mean, double[] std, int[] shape) {
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

    private static List<String> classNames(Graph g, int classes) {
        List<String> names = new ArrayList<>();
        Object given = g.training().get("classes");
        for (int k = 0; k < classes; k++) {
            names.add(given instanceof List<?> l && k < l.size() ? l.get(k).toString() : Integer.toString(k));
        }
        return names;
    }

    private static double[] softmax(float[] z, int offset, int k) {
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
