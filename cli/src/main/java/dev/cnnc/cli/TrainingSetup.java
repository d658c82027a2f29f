package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.driver.Pipeline;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.app.CommandFailure;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What the commands that run a model share: the {@link Pipeline}'s front end with the command
 * line's messages, its precision and loss, and the pipeline's later stages for a training program
 * on one device.
 */
final class TrainingSetup {
    private TrainingSetup() {
    }

    /** The model, checked; any model (not only classifiers). */
    static Graph compileAny(Path file, String model, PrintWriter err) {
        Pipeline.Checked c = Pipeline.standard().frontEnd(file, model);
        if (!c.ok()) {
            err.print(DiagnosticFormatter.formatAll(c.compilation().diagnostics()));
            throw new CommandFailure(Main.MODEL_ERROR, null);
        }
        if (c.model() == null) {
            throw new CommandFailure(Main.MODEL_ERROR, file + ": " + (c.compilation().models().isEmpty()
                    ? "defines no model" : "defines several models; choose one with --model"));
        }
        return c.model();
    }

    static Graph compile(Path file, String model, PrintWriter err) {
        Graph g = compileAny(file, model, err);
        if (!Pipeline.isClassifier(g)) {
            throw new CommandFailure(Main.MODEL_ERROR, g.name() + ": training and evaluation need a classifier with one "
                    + "input and one output of class scores [K]");
        }
        return g;
    }

    /**
     * For the commands that run a training step (train, bench --train, tune --train): a model
     * that cannot train at {@code batch} (a batchnorm seeing one value per channel) is a located
     * model error before anything is lowered. The others (predict, run, eval, compile) get an
     * evaluation-only program at such a batch.
     */
    static void requireTrainable(Graph g, int batch) {
        String why = dev.cnnc.compiler.ops.BatchNorm.untrainableAt(g, batch);
        if (why != null) {
            throw CommandFailure.model(why);
        }
    }

    static Precision precision(String word) {
        switch (word) {
            case "fp32":
                return Precision.FP32;
            case "fp64":
                return Precision.FP64;
            case "mixed":
                return Precision.MIXED;
            default:
                throw new CommandFailure(Main.USAGE, "--precision is fp32, fp64 or mixed, got " + word);
        }
    }

    /** The model's loss for training (see {@link Recipes#loss}); one that is not trainable yet is a model error. */
    static LossLowering.Loss loss(Graph g) {
        try {
            return Recipes.loss(g);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.model(e.getMessage());
        }
    }

    /**
     * The program for {@code device} (the pipeline's stages after the front end): a training
     * program with {@code loss} and {@code optimizer} (null: none), every pass legal for training
     * (its evaluation phase after the inference passes), the kernels chosen by device type, with
     * the GEMM tilings tuned for it if the tuning cache has them (its problems are warnings on
     * {@code err}).
     */
    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer, DeviceInfo device, PrintWriter err) {
        return lower(g, batch, p, loss, optimizer, device, new CheckpointOptions(), null, err);
    }

    /**
     * An evaluating program whose inference phase runs the layers of {@code weights} in int8 when
     * it is a quantized model ({@code cnnc quantize}), else as {@link #lower(Graph, int, Precision,
     * LossLowering.Loss, OptimizerLowering.Config, DeviceInfo, PrintWriter)}.
     */
    static ModelBinding lowerFor(java.nio.file.Path weights, Graph g, int batch, LossLowering.Loss loss,
                                 DeviceInfo device, PrintWriter err) {
        java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8 = int8Layers(weights);
        try {
            return lower(g, batch, Precision.FP32, loss, null, device, new CheckpointOptions(), null, err, int8);
        } catch (dev.cnnc.compiler.codegen.CodegenException e) {
            throw CommandFailure.model(weights + ": " + e.getMessage());
        }
    }

    /**
     * The int8 layers of {@code weights}, by name, with the scales a program bakes in, when it is
     * a quantized model ({@code cnnc quantize}); empty for float weights.
     */
    static java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8Layers(java.nio.file.Path weights) {
        java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8 = new java.util.LinkedHashMap<>();
        if (dev.cnnc.train.Checkpoints.isQuantized(weights)) {
            for (dev.cnnc.train.quant.QuantizedLayer l : dev.cnnc.train.quant.QuantizedModel.read(weights).layers()) {
                int8.put(l.name(), new dev.cnnc.compiler.codegen.Lowering.Int8Layer(l.inputScale(),
                        l.outputScale()));
            }
        }
        return int8;
    }

    /**
     * As above, checkpointed as {@code checkpointing} asks (its report, if any, printed on
     * {@code out}).
     */
    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer, DeviceInfo device,
                              CheckpointOptions checkpointing, PrintWriter out, PrintWriter err) {
        return lower(g, batch, p, loss, optimizer, device, checkpointing, out, err, java.util.Map.of());
    }

    /** As above, with the inference phase's {@code int8} layers (a quantized model's; empty: none). */
    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer, DeviceInfo device, CheckpointOptions checkpointing,
                              PrintWriter out, PrintWriter err,
                              java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8) {
        Pipeline.Build b = build(g, Settings.builder().batch(batch).precision(p).training(true).loss(loss)
                .optimizer(optimizer).target(Target.device(device)).tuning(new TuneCacheOptions().source(err))
                .checkpoints(checkpointing.policy(true, true)).bind(true).int8(int8).build());
        if (b.fit() != null) {
            out.println(CheckpointOptions.describe(b.fit()));
        }
        return b.binding();
    }

    /**
     * The pipeline's stages after the front end for {@code g}; a memory budget that no
     * checkpointing plan fits, or a tensor past what the kernels index, is a model error.
     */
    static Pipeline.Build build(Graph g, Settings settings) {
        try {
            return Pipeline.standard().build(g, settings);
        } catch (Checkpointing.OverBudget | dev.cnnc.compiler.driver.Limits.TooLarge e) {
            throw CommandFailure.model(e.getMessage());
        }
    }

    /** The recipe of {@code g} as the program is lowered (optimizer, loss, batch, precision). */
    static Recipe recipe(Graph g, OptimizerLowering.Config optimizer, LossLowering.Loss loss, int batch, Precision p) {
        return Recipes.of(g, optimizer, loss, batch, p.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A command body whose user-facing failures become one message on {@code err} and an exit code. */
    interface Body {
        int run() throws java.io.IOException;
    }

    static int guard(String command, PrintWriter err, Body body) {
        try {
            return body.run();
        } catch (CommandFailure f) {
            if (f.getMessage() != null) {
                err.println(command + ": error: " + f.getMessage());
            }
            return f.code();
        } catch (DataException | TensorFileException | IllegalArgumentException | ClException
                 | dev.cnnc.train.NonFinite.NonFiniteException
                 | java.io.IOException | java.io.UncheckedIOException e) {
            err.println(command + ": error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }
}
