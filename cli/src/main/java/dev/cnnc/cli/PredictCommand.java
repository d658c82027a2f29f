package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.app.Runs;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc predict}: classifies images (PNG, JPEG, BMP or GIF of any size, grey or colour) with
 * trained weights and prints the top-k classes with their softmax probabilities (or, with
 * {@code --json}, JSON), named by the checkpoint's stored classes, else the model's
 * {@code classes}. Images are converted to the model's input as {@link Runs#predict} describes;
 * an unreadable image is named on stderr and skipped, and the exit code is then 1.
 */
@Command(name = "predict", description = "Classify images with trained weights: the top-k classes and probabilities.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG, JPEG, BMP or GIF images of "
            + "any size, grey or colour (converted to the model's input)")
    List<Path> images;

    @Mixin
    Options.Prediction predict;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Mixin
    Options.Device device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc predict", err, () -> {
            if (predict.top < 1) {
                throw CommandFailure.usage("--top must be at least 1");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            LossLowering.Loss loss = LossLowering.Loss.crossEntropy(0);
            dev.cnnc.runtime.opencl.DeviceInfo info = device.select();
            // One program for any number of images (run one at a time): a second predict finds its
            // kernels in the cache. Weights and images are read and checked before any is built.
            ModelBinding m = TrainingSetup.lowerFor(predict.weights, g, Runs.INFERENCE_BATCH, loss, info, err);
            Recipe r = TrainingSetup.recipe(g, Recipes.optimizer(g), loss, Runs.INFERENCE_BATCH, Precision.FP32);
            try (ModelSession s = ModelSession.open(m, r, info)) {
                // named as in training: a cnnc checkpoint's stored classes, else the model's
                List<String> trained = Checkpoints.classes(s.load(predict.weights));
                int failed = Runs.predict(s, images, predict.top, Runs.classNames(trained, r, m.classes(), null),
                        predict.json, "cnnc predict", spec.commandLine().getOut(), err);
                return failed == 0 ? Main.OK : Main.MODEL_ERROR;
            }
        });
    }
}
