package dev.cnnc.cli;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Bindings;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.data.Datasets;
import dev.cnnc.train.data.ImageFolderDataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `train` and `eval` share: compiling the model, choosing data, lowering the program. */
final class TrainingSetup {
    private TrainingSetup() {
    }

    /** A user-facing problem: printed as one message, exit code 1 (or 2 for usage). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The model, checked; any model (not only classifiers). */
    static Graph compileAny(Path file, String model, PrintWriter err) {
        Compilation c = Compiler.standard().check(file);
        if (!c.ok()) {
            err.print(DiagnosticFormatter.formatAll(c.diagnostics()));
            throw new Failure(Main.MODEL_ERROR, null);
        }
        Graph g = c.model(model);
        if (g == null) {
            throw new Failure(Main.MODEL_ERROR, file + ": " + (c.models().isEmpty() ? "defines no model"
                    : "defines several models; choose one with --model"));
        }
        return g;
    }

    static Graph compile(Path file, String model, PrintWriter err) {
        Graph g = compileAny(file, model, err);
        if (g.inputs().size() != 1 || g.outputs().size() != 1
                || g.outputs().values().iterator().next().shape().rank() != 1) {
            throw new Failure(Main.MODEL_ERROR, g.name() + ": training and evaluation need a classifier with one "
                    + "input and one output of class scores [K]");
        }
        return g;
    }

    /** The dataset named (fashion-mnist, mnist) or a folder with train/ and test/ image folders. */
    static Dataset dataset(String data, Path dataDir, boolean train) {
        if (data == null) {
            throw new Failure(Main.USAGE, "no dataset: give --data fashion-mnist (or mnist, or a folder with train/ "
                    + "and test/ image folders), or `data:` in the model's train section");
        }
        if (Datasets.isKnown(data)) {
            return Datasets.open(data, dataDir, train);
        }
        Path root = Path.of(data);
        if (Files.isDirectory(root)) {
            Path split = root.resolve(train ? "train" : "test");
            if (!Files.isDirectory(split)) {
                throw new Failure(Main.USAGE, root + ": an image dataset needs the folders " + root.resolve("train")
                        + " and " + root.resolve("test") + ", each with one folder per class");
            }
            return ImageFolderDataset.open(split);
        }
        throw new Failure(Main.USAGE, "unknown dataset `" + data + "`: known are " + Datasets.names()
                + ", or give a folder");
    }

    static Precision precision(String word) {
        switch (word) {
            case "fp32":
                return Precision.FP32;
            case "fp64":
                return Precision.FP64;
            case "mixed":
                throw new Failure(Main.MODEL_ERROR, "precision `mixed` is not implemented yet; use fp32 or fp64");
            default:
                throw new Failure(Main.USAGE, "--precision is fp32 or fp64, got " + word);
        }
    }

    /**
     * The model's loss for training: {@code cross_entropy(label_smoothing)} (the default) or
     * {@code focal(alpha, gamma)} (multi-class softmax form, one α for every class); the other
     * losses of the catalog are not trainable yet.
     */
    static LossLowering.Loss loss(Attrs training) {
        Component loss = training.component("loss");
        if (loss == null) {
            return LossLowering.Loss.crossEntropy(0);
        }
        switch (loss.name()) {
            case LossLowering.Loss.CROSS_ENTROPY:
                return LossLowering.Loss.crossEntropy(option(loss, "label_smoothing", 0.0));
            case LossLowering.Loss.FOCAL:
                return LossLowering.Loss.focal(option(loss, "alpha", 0.25), option(loss, "gamma", 2.0));
            default:
                throw new Failure(Main.MODEL_ERROR, "loss `" + loss.name() + "` is not implemented for training yet "
                        + "(only cross_entropy, with label_smoothing, and focal)");
        }
    }

    /** An option of a checked component, or the catalog's default when it is absent. */
    private static double option(Component c, String name, double catalogDefault) {
        return c.options().has(name) ? c.options().f(name) : catalogDefault;
    }

    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer) {
        Lowered l = Lowering.lower(g, new Lowering.Options(batch, p, true, false, loss), optimizer);
        return Bindings.of(l);
    }

    static List<String> classes(Graph g, Dataset ds) {
        Object names = g.training().get("classes");
        if (names instanceof List<?> list && !list.isEmpty()) {
            return list.stream().map(Object::toString).toList();
        }
        return ds.classes();
    }
}
