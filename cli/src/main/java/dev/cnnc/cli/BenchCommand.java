package dev.cnnc.cli;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc bench}: runs a model's generated kernels on random data and reports time per
 * step and images per second; {@code --profile} adds a table per kernel from OpenCL events.
 * The numbers are for the kernels as generated today (correct first; fast kernels come with
 * the fusion and tuning work).
 */
@Command(name = "bench", description = "Time a model's forward pass (and with --train its backward pass) on an"
        + " OpenCL device, with random data.")
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--batch", defaultValue = "8", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--train", description = "time a training step: forward, loss and backward")
    boolean train;

    @Option(names = "--iterations", defaultValue = "10", description = "timed steps (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or fp64 (default: ${DEFAULT-VALUE})")
    String precision;

    @Mixin
    Options.Device device;

    @Option(names = "--no-memory-plan", description = "one device buffer per tensor (memory planner off)")
    boolean noMemoryPlan;

    @Option(names = "--profile", description = "print time per kernel (OpenCL profiling events)")
    boolean profile;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (batch < 1 || iterations < 1) {
            err.println("cnnc bench: --batch and --iterations must be at least 1");
            return Main.USAGE;
        }
        Precision p;
        switch (precision) {
            case "fp32":
                p = Precision.FP32;
                break;
            case "fp64":
                p = Precision.FP64;
                break;
            default:
                err.println("cnnc bench: --precision is fp32 or fp64, got " + precision);
                return Main.USAGE;
        }
        Compilation c = Compiler.standard().check(file);
        if (!c.ok()) {
            err.print(DiagnosticFormatter.formatAll(c.diagnostics()));
            return Main.MODEL_ERROR;
        }
        Graph g = c.model(model);
        if (g == null) {
            err.println(file + ": error: " + (c.models().isEmpty() ? "defines no model" : "choose a model with --model"));
            return Main.MODEL_ERROR;
        }
        DeviceInfo info;
        try {
            info = device.select();
        } catch (CommandFailure e) {
            err.println("cnnc bench: error: " + e.getMessage());
            return e.code();
        } catch (ClException e) {
            err.println("cnnc bench: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
        Lowered lowered;
        try {
            lowered = Lowering.lower(g, new Lowering.Options(batch, p, train, false, train, 0)
                    .withPlanMemory(!noMemoryPlan));
        } catch (CodegenException e) {
            err.println("cnnc bench: cannot generate kernels for " + g.name() + ": " + e.getMessage());
            return Main.INTERNAL;
        }
        try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, lowered.program())) {
            ex.set("seed", 1);
            fillRandom(ex, lowered, g, p);
            step(ex, 2); // warm up: first launches compile and touch memory
            dev.finish();
            dev.profiler().enable(profile);
            dev.profiler().reset();
            long start = System.nanoTime();
            step(ex, iterations);
            dev.finish();
            double ms = (System.nanoTime() - start) / 1e6 / iterations;
            out.printf(Locale.ROOT, "%s on %s, batch %d, %s, %s%n", g.name(), dev.info().name(), batch,
                    p.name().toLowerCase(Locale.ROOT), train ? "training step" : "forward");
            out.printf(Locale.ROOT, "%.3f ms per step, %.1f images/s (%d steps, %d kernel launches per step)%n", ms,
                    batch * 1000.0 / ms, iterations, launchesPerStep(lowered));
            if (profile) {
                out.println();
                out.print(dev.profiler().table());
            }
        } catch (ClException e) {
            err.println("cnnc bench: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
        return Main.OK;
    }

    private int launchesPerStep(Lowered l) {
        int n = l.program().phases().get(Lowered.FORWARD).size();
        if (train) {
            for (String phase : new String[] {Lowered.ZERO_GRADS, Lowered.ZERO_PARAM_GRADS, Lowered.LOSS,
                    Lowered.BACKWARD}) {
                n += l.program().phases().get(phase).size();
            }
        }
        return n;
    }

    private void step(Executor ex, int times) {
        for (int i = 0; i < times; i++) {
            ex.run(Lowered.FORWARD);
            if (train) {
                ex.run(Lowered.ZERO_GRADS);
                ex.run(Lowered.ZERO_PARAM_GRADS);
                ex.run(Lowered.LOSS);
                ex.run(Lowered.BACKWARD);
            }
        }
    }

    /** Inputs and parameters uniform in [-0.1, 0.1], running variances 1, labels in range. */
    private void fillRandom(Executor ex, Lowered l, Graph g, Precision p) {
        Random rnd = new Random(1);
        for (Value v : g.inputs()) {
            Reals.write(ex.buffer(l.value(v)), random(rnd, batch * v.shape().elements(), 1.0), p == Precision.FP64);
        }
        for (Param prm : g.params()) {
            if (!prm.type().dtype().isFloat()) {
                continue;
            }
            double[] d = random(rnd, prm.elements(), 0.1);
            if (prm.name().endsWith("running_var")) {
                java.util.Arrays.fill(d, 1);
            }
            Reals.write(ex.buffer(l.param(prm.name())), d, p == Precision.FP64);
        }
        if (train) {
            int classes = (int) g.outputs().values().iterator().next().shape().elements();
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rnd.nextInt(classes);
            }
            ex.buffer(l.labels()).write(labels);
        }
    }

    private static double[] random(Random rnd, long n, double scale) {
        double[] d = new double[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return d;
    }
}
