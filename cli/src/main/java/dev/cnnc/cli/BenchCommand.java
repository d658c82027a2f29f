package dev.cnnc.cli;

import dev.cnnc.compiler.analysis.ModelReport;
import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.driver.Pipeline;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.PeakFlops;
import dev.cnnc.runtime.opencl.Profiler;
import dev.cnnc.train.Reals;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.optim.StepVariables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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
 * It also splits the step into its phases (each timed to its end on the device) and compares
 * the arithmetic rate with the device's peak, measured by an FMA loop ({@link PeakFlops}).
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

    @Option(names = "--train", description = "time a training step: forward, loss, backward and the model's "
            + "optimizer update")
    boolean train;

    @Option(names = "--iterations", defaultValue = "10", description = "timed steps (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, fp64 or mixed (fp16 activations) "
            + "(default: ${DEFAULT-VALUE})")
    String precision;

    @Mixin
    Options.Device device;

    @Option(names = "--no-memory-plan", description = "one device buffer per tensor (memory planner off)")
    boolean noMemoryPlan;

    @Mixin
    CheckpointOptions checkpointing;

    @Option(names = "--int8", paramLabel = "Q.safetensors", description = "time the forward pass with the "
            + "layers of this quantized model (cnnc quantize) in int8; its scales are used, the weights are random "
            + "like the others'")
    Path int8;

    @Option(names = "--profile", description = "print time per kernel (OpenCL profiling events)")
    boolean profile;

    @Option(names = "--no-fusion", description = "lower the graph as written, without the fusion passes")
    boolean noFusion;

    @Mixin
    TuneCacheOptions tuneCache;

    @Option(names = "--disable-pass", split = ",", paramLabel = "NAME", description = "switch off these graph passes "
            + "(fold_batchnorm, fuse_epilogue, fuse_relu, fuse_batchnorm_statistics, fuse_elementwise)")
    java.util.List<String> disabledPasses = new java.util.ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The optimizer's host-side step state while training steps are timed. */
    private long steps;
    private String optimizerName = "sgd";
    private double beta1;
    private double beta2;
    private double lr = 0.01;

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
            case "mixed":
                p = Precision.MIXED;
                break;
            default:
                err.println("cnnc bench: --precision is fp32, fp64 or mixed, got " + precision);
                return Main.USAGE;
        }
        Passes.Options passes;
        try {
            passes = (noFusion ? Passes.Options.none(train) : train ? Passes.Options.forTraining()
                    : Passes.Options.forInference()).disable(new java.util.TreeSet<>(disabledPasses));
        } catch (IllegalArgumentException e) {
            err.println("cnnc bench: --disable-pass: " + e.getMessage());
            return Main.USAGE;
        }
        Pipeline.Checked c = Pipeline.standard().frontEnd(file, model);
        if (!c.ok()) {
            err.print(DiagnosticFormatter.formatAll(c.compilation().diagnostics()));
            return Main.MODEL_ERROR;
        }
        Graph g = c.model();
        if (g == null) {
            err.println(file + ": error: " + (c.compilation().models().isEmpty() ? "defines no model"
                    : "choose a model with --model"));
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
        OptimizerLowering.Config optimizer = train ? Recipes.optimizer(g) : null;
        Lowered lowered;
        String checkpointReport;
        try {
            if (train) {
                TrainingSetup.requireTrainable(g, batch);
            }
            if (int8 != null && train) {
                throw CommandFailure.usage("--int8 times the forward pass: it does not go with --train");
            }
            java.util.Map<String, Lowering.Int8Layer> int8Layers = int8 == null ? java.util.Map.of()
                    : TrainingSetup.int8Layers(int8);
            if (int8 != null && int8Layers.isEmpty()) {
                throw CommandFailure.usage(int8 + " is not a quantized model (make one with cnnc quantize)");
            }
            Pipeline.Build b = TrainingSetup.build(g, Settings.builder().batch(batch).precision(p).training(train)
                    .int8(int8Layers)
                    .loss(train ? Recipes.lossOrCrossEntropy(g) : null).optimizer(optimizer).passes(passes)
                    .planMemory(!noMemoryPlan).target(Target.device(info)).tuning(tuneCache.source(err))
                    .checkpoints(checkpointing.policy(train, !noMemoryPlan)).build());
            lowered = b.lowered();
            checkpointReport = b.fit() == null ? null : CheckpointOptions.describe(b.fit());
        } catch (CommandFailure e) {
            err.println("cnnc bench: error: " + e.getMessage());
            return e.code();
        } catch (CodegenException e) {
            err.println("cnnc bench: cannot generate kernels for " + g.name() + ": " + e.getMessage());
            return Main.INTERNAL;
        }
        // FLOPs as `info` counts them (the seed's formula: a multiply-add is one), the backward twice the
        // forward; the FMA loop's peak is counted the same way, so the share of the peak is the same.
        double flopsPerStep = (train ? 3 : 1) * (double) ModelReport.of(g, batch).forwardFlops();
        if (optimizer != null) {
            optimizerName = optimizer.name();
            beta1 = optimizer.beta1();
            beta2 = optimizer.beta2();
            lr = optimizer.lr();
        }
        // A training step's phases are built together; evaluation, which bench does not run, is not built.
        java.util.Collection<String> phases = lowered.program().phases().keySet().stream()
                .filter(ph -> !train || !ph.equals(Lowered.FORWARD_INFERENCE)).toList();
        try (ClDevice dev = ClDevice.open(info); Executor ex = new Executor(dev, lowered.program(), phases)) {
            ex.set("seed", 1);
            fillRandom(ex, lowered, g, p);
            if (lowered.program().phases().containsKey(Lowering.INT8_PACK)) {
                ex.run(Lowering.INT8_PACK);
            }
            if (train) {
                ex.run(StepVariables.ZERO_OPTIMIZER_STATE);
            }
            step(ex, dev, 1, null); // first launches touch memory (and build what the eager phases did not)
            dev.finish();
            double firstStepSeconds = secondsSinceStart();
            dev.cnnc.runtime.opencl.ClProgramSet kernels = ex.kernels();
            step(ex, dev, WARMUP_STEPS - 1, null);
            dev.finish();
            double[] stepMs = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                step(ex, dev, 1, null);
                dev.finish();
                stepMs[i] = (System.nanoTime() - start) / 1e6;
            }
            double mean = Arrays.stream(stepMs).average().orElseThrow();
            Arrays.sort(stepMs);
            double ms = median(stepMs);
            double[] phaseMs = new double[3];
            step(ex, dev, iterations, phaseMs);
            out.printf(Locale.ROOT, "%s on %s, batch %d, %s, %s%n", g.name(), dev.info().name(), batch,
                    p.name().toLowerCase(Locale.ROOT), train ? "training step (" + optimizer + ")" : "forward");
            out.println("  " + tilings(lowered));
            if (checkpointReport != null) {
                out.println(checkpointReport);
            }
            List<String> ran = Passes.selected(passes);
            out.printf(Locale.ROOT, "  graph passes: %s%n", ran.isEmpty() ? "none" : String.join(", ", ran));
            out.printf(Locale.ROOT, "  kernels: %d of %d units built in %.2f s (%d compiled, %d from the cache); "
                    + "first step done %.2f s after start%n", kernels.builtUnits(), kernels.units(),
                    kernels.buildMillis() / 1e3, kernels.compiled(), kernels.builtUnits() - kernels.compiled(),
                    firstStepSeconds);
            out.printf(Locale.ROOT, "  forward    %10.3f ms%n", phaseMs[0] / iterations);
            if (train) {
                out.printf(Locale.ROOT, "  backward   %10.3f ms  (loss and all gradients)%n", phaseMs[1] / iterations);
                out.printf(Locale.ROOT, "  optimizer  %10.3f ms%n", phaseMs[2] / iterations);
            }
            out.printf(Locale.ROOT, "  (each phase timed to its end; a step without those waits takes:)%n");
            out.printf(Locale.ROOT, "%.3f ms per step, %.1f images/s (median of %d steps: min %.3f, mean %.3f ms; "
                            + "%d kernel launches per step)%n", ms, batch * 1000.0 / ms, iterations, stepMs[0], mean,
                    launchesPerStep(lowered));
            double achieved = flopsPerStep / (ms * 1e6);
            double peak = PeakFlops.measure(dev, p == Precision.FP64) / 2; // (it counts a multiply-add as two)
            out.printf(Locale.ROOT, "%.2f GFLOP per step (%s, as `info` counts: one per multiply-add), %.1f GFLOP/s "
                            + "achieved; device peak %.1f GFLOP/s measured (FMA loop): %.1f%% of peak%n", flopsPerStep / 1e9,
                    train ? "3x forward" : "forward", achieved, peak, 100 * achieved / peak);
            if (profile) {
                dev.profiler().enable(true);
                dev.profiler().reset();
                long profiled = System.nanoTime();
                step(ex, dev, iterations, null);
                dev.finish();
                double wallMs = (System.nanoTime() - profiled) / 1e6 / iterations;
                double kernelMs = dev.profiler().entries().stream().mapToDouble(Profiler.Entry::totalMs).sum()
                        / iterations;
                out.println();
                out.print(dev.profiler().table());
                out.printf(Locale.ROOT, "kernels ran %.3f ms of %.3f ms per step while profiled (%.1f%%); the rest is "
                        + "launch overhead and gaps between kernels%n", kernelMs, wallMs, 100 * kernelMs / wallMs);
            }
        } catch (ClException e) {
            err.println("cnnc bench: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
        return Main.OK;
    }

    /** How many GEMM kernels got tuned tilings (from the cache) and how many the defaults. */
    private String tilings(Lowered l) {
        long tuned = l.gemms().stream().filter(u -> u.choice().tuned()).count();
        return String.format(Locale.ROOT, "GEMM tilings: %d tuned, %d default%s", tuned, l.gemms().size() - tuned,
                tuneCache.off ? " (--no-tune-cache)" : tuned == 0 ? "" : " (" + tuneCache.path() + ")");
    }

    private int launchesPerStep(Lowered l) {
        int n = l.program().phases().get(Lowered.FORWARD).size();
        if (train) {
            for (String phase : new String[] {Lowered.ZERO_GRADS, Lowered.ZERO_PARAM_GRADS, Lowered.LOSS,
                    Lowered.BACKWARD, StepVariables.OPTIMIZER}) {
                n += l.program().phases().get(phase).size();
            }
        }
        return n;
    }

    /**
     * Untimed steps before the timed ones, as many as PyTorch's reference benchmark
     * ({@code peers/torch_bench.py}) runs, which also reports the median step.
     */
    static final int WARMUP_STEPS = 3;

    /** Seconds since this process started (the JVM's start, as a user waiting for the step sees it). */
    static double secondsSinceStart() {
        return (System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
    }

    /** The median of sorted {@code v}. */
    static double median(double[] v) {
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /**
     * {@code times} steps: forward, and for training the gradients and an SGD/Adam update. With
     * {@code phaseMs}, waits for the device after each phase and adds its wall time there
     * (forward, backward, optimizer).
     */
    private void step(Executor ex, ClDevice dev, int times, double[] phaseMs) {
        for (int i = 0; i < times; i++) {
            long t0 = System.nanoTime();
            ex.run(Lowered.FORWARD);
            long t1 = sync(dev, phaseMs, 0, t0);
            if (train) {
                ex.run(Lowered.ZERO_PARAM_GRADS);
                ex.run(Lowered.ZERO_GRADS);
                ex.run(Lowered.LOSS);
                ex.run(Lowered.BACKWARD);
                long t2 = sync(dev, phaseMs, 1, t1);
                steps++;
                StepVariables.set(ex, optimizerName, beta1, beta2, steps, lr, 1.0);
                ex.run(StepVariables.OPTIMIZER);
                sync(dev, phaseMs, 2, t2);
            }
        }
    }

    private static long sync(ClDevice dev, double[] phaseMs, int phase, long since) {
        if (phaseMs == null) {
            return since;
        }
        dev.finish();
        long now = System.nanoTime();
        phaseMs[phase] += (now - since) / 1e6;
        return now;
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
                Arrays.fill(d, 1);
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
