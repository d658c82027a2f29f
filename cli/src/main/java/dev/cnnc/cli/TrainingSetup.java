package dev.cnnc.cli;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Bindings;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.data.DataException;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.app.CommandFailure;
import java.io.PrintWriter;
import java.nio.file.Path;

/** What the commands that run a model share: compiling it, its precision and loss, lowering the program. */
final class TrainingSetup {
    private TrainingSetup() {
    }

    /** The model, checked; any model (not only classifiers). */
    static Graph compileAny(Path file, String model, PrintWriter err) {
        Compilation c = Compiler.standard().check(file);
        if (!c.ok()) {
            err.print(DiagnosticFormatter.formatAll(c.diagnostics()));
            throw new CommandFailure(Main.MODEL_ERROR, null);
        }
        Graph g = c.model(model);
        if (g == null) {
            throw new CommandFailure(Main.MODEL_ERROR, file + ": " + (c.models().isEmpty() ? "defines no model"
                    : "defines several models; choose one with --model"));
        }
        return g;
    }

    static Graph compile(Path file, String model, PrintWriter err) {
        Graph g = compileAny(file, model, err);
        if (g.inputs().size() != 1 || g.outputs().size() != 1
                || g.outputs().values().iterator().next().shape().rank() != 1) {
            throw new CommandFailure(Main.MODEL_ERROR, g.name() + ": training and evaluation need a classifier with one "
                    + "input and one output of class scores [K]");
        }
        return g;
    }

    static Precision precision(String word) {
        switch (word) {
            case "fp32":
                return Precision.FP32;
            case "fp64":
                return Precision.FP64;
            case "mixed":
                throw new CommandFailure(Main.MODEL_ERROR, "precision `mixed` is not implemented yet; use fp32 or fp64");
            default:
                throw new CommandFailure(Main.USAGE, "--precision is fp32 or fp64, got " + word);
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
     * The program for {@code device}: its kernels chosen by device type (GEMMs on CPUs, see
     * {@link Lowering.Options#matrixKernels}), with the GEMM tilings tuned for it if the tuning cache
     * has them ({@link TuneCacheOptions}; its problems are warnings on {@code err}).
     */
    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer, dev.cnnc.runtime.opencl.DeviceInfo device,
                              PrintWriter err) {
        return lower(g, batch, p, loss, optimizer, device, new CheckpointOptions(), null, err);
    }

    /**
     * As above, checkpointed as {@code checkpointing} asks (its report, if any, printed on
     * {@code out}); warnings about the tuning cache on {@code err}. The evaluation phase is lowered
     * from the graph after the inference passes too (batchnorm folded).
     */
    static ModelBinding lower(Graph g, int batch, Precision p, LossLowering.Loss loss,
                              OptimizerLowering.Config optimizer, dev.cnnc.runtime.opencl.DeviceInfo device,
                              CheckpointOptions checkpointing, PrintWriter out, PrintWriter err) {
        CheckpointOptions.Result r = checkpointing.lower(Passes.optimize(g),
                Passes.optimize(g, Passes.Options.forInference()), Lowering.Options.builder().batch(batch)
                        .precision(p).training(true).loss(loss)
                        .matrixKernels(device.type() == dev.cnnc.runtime.opencl.DeviceInfo.Type.CPU)
                        .tuning(new TuneCacheOptions().load(device, p, err)).build(), optimizer);
        if (r.report() != null) {
            out.println(r.report());
        }
        return Bindings.of(r.lowered());
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
                 | java.io.IOException | java.io.UncheckedIOException e) {
            err.println(command + ": error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }
}
