package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.GemmTiling;
import dev.cnnc.compiler.codegen.GemmTuner;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.TuningCache;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.driver.TuningSource;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc tune}: lowers a model through the pipeline as {@code cnnc bench} would (with the
 * default tilings), then for each distinct GEMM shape (generated GEMMs and the implicit-GEMM
 * forwards of convolutions, which also compute their input gradients; most work first) times
 * candidate tilings on the device within a time budget
 * ({@link GemmTuner}), prints what it found and merges the winners into the tuning cache
 * ({@link TuningCache}), which later compiles, benches and training runs on that device read.
 * Shapes the cache holds already are kept unless {@code --retune}, so that a run whose budget
 * ran out can be continued by the next.
 */
@Command(name = "tune", description = "Measure GEMM tilings of a model's kernels on an OpenCL device and cache the "
        + "fastest per shape, for later compiles and runs on that device.")
final class TuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--batch", defaultValue = "8", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--train", description = "also tune the products of the backward pass (a training step)")
    boolean train;

    @Option(names = "--budget", defaultValue = "60", paramLabel = "SECONDS", description = "time to spend measuring, "
            + "kernel builds included (default: ${DEFAULT-VALUE})")
    double budget;

    @Option(names = "--repeats", defaultValue = "3", description = "timed launches per candidate; the fastest counts "
            + "(default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, fp64 or mixed (fp16 activations) "
            + "(default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--cache", paramLabel = "FILE", description = "the tuning cache to update (default: "
            + "$CNNC_TUNE_CACHE, else ~/.cache/cnnc/tune.json)")
    Path cache;

    @Option(names = "--retune", description = "measure shapes that the cache has already (default: keep them, so "
            + "that successive runs reach further)")
    boolean retune;

    @Mixin
    Options.Device device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc tune", err, () -> {
            if (batch < 1 || repeats < 1 || !(budget > 0)) {
                throw CommandFailure.usage("--batch and --repeats must be at least 1, --budget positive");
            }
            Precision p = TrainingSetup.precision(precision);
            Graph g = TrainingSetup.compileAny(file, model, err);
            DeviceInfo info = device.select();
            if (train) {
                TrainingSetup.requireTrainable(g, batch);
            }
            // The products as they run with the defaults (nothing tuned yet), every pass legal for training.
            Lowered l = TrainingSetup.build(g, Settings.builder().batch(batch).precision(p).training(train)
                    .loss(train ? Recipes.lossOrCrossEntropy(g) : null).optimizer(train ? Recipes.optimizer(g) : null)
                    .passes(Passes.Options.forTraining()).target(Target.device(info))
                    .tuning(TuningSource.defaults()).build()).lowered();
            List<GemmTuner.Shape> shapes = GemmTuner.shapes(l);
            Path cacheFile = cache != null ? cache : TuningCache.defaultPath();
            out.printf(Locale.ROOT, "%s on %s, batch %d, %s, %s: %d GEMM shape%s, budget %.0f s%n", g.name(),
                    info.name(), batch, p.name().toLowerCase(Locale.ROOT), train ? "training step" : "forward",
                    shapes.size(), shapes.size() == 1 ? "" : "s", budget);
            if (shapes.isEmpty()) {
                out.println("nothing to tune: " + (l.options().matrixKernels() ? "the model has no dense layers or "
                        + "convolutions that run as GEMMs" : "on this device (" + info.type() + ") dense layers and "
                        + "convolutions run as direct kernels"));
                return Main.OK;
            }
            GemmTiling dflt = GemmTiling.defaultFor(info.type() != DeviceInfo.Type.CPU);
            String fmt = "%-56s %5s %10s %10s  %-8s %8s %5s%n";
            out.printf(Locale.ROOT, fmt, "shape", "calls", "default ms", "best ms", "tiling", "speedup", "tried");
            out.flush();
            Map<String, TuningCache.Entry> cached = retune ? Map.of() : TuningCache.read(cacheFile, info, p,
                    w -> err.println("cnnc tune: warning: " + w));
            List<GemmTuner.Shape> todo = new java.util.ArrayList<>();
            int kept = 0;
            for (GemmTuner.Shape s : shapes) {
                TuningCache.Entry e = cached.get(s.key());
                if (e == null) {
                    todo.add(s);
                } else {
                    out.printf(Locale.ROOT, fmt, s.key(), s.launches(), ms(e.defaultMs()), ms(e.ms()), e.tiling(),
                            "cached", "-");
                    kept++;
                }
            }
            shapes = todo;
            Map<String, TuningCache.Entry> winners = new TreeMap<>();
            double defaultTotal = 0;
            double bestTotal = 0;
            int skipped = 0;
            long end = System.nanoTime() + (long) (budget * 1e9);
            try (ClDevice dev = ClDevice.open(info)) {
                for (int i = 0; i < shapes.size(); i++) {
                    GemmTuner.Shape s = shapes.get(i);
                    long now = System.nanoTime();
                    if (now >= end) {
                        skipped++;
                        continue;
                    }
                    long deadline = GemmTuner.deadline(shapes, i, now, end);
                    GemmTuner.Result r = GemmTuner.tune(dev, p, s, dflt, deadline, repeats,
                            w -> err.println("cnnc tune: warning: " + w));
                    winners.put(s.key(), new TuningCache.Entry(r.best(), r.bestMs(), r.defaultMs()));
                    defaultTotal += r.defaultMs() * s.launches();
                    bestTotal += r.bestMs() * s.launches();
                    out.printf(Locale.ROOT, fmt, s.key(), s.launches(), ms(r.defaultMs()), ms(r.bestMs()), r.best(),
                            String.format(Locale.ROOT, "%.2fx", r.speedup()), r.tried());
                    out.flush();
                }
            }
            if (!winners.isEmpty()) {
                out.printf(Locale.ROOT, "GEMM time per step (shapes measured now, kernel time only): default %.3f ms, "
                        + "tuned %.3f ms (%.2fx)%n", defaultTotal, bestTotal, defaultTotal / bestTotal);
            }
            if (kept > 0) {
                out.printf(Locale.ROOT, "%d shape%s kept from the cache (--retune measures them again)%n", kept,
                        kept == 1 ? "" : "s");
            }
            if (skipped > 0) {
                out.printf(Locale.ROOT, "%d shape%s not reached within the budget: they keep the defaults; run again "
                        + "to go on from there (or give a larger --budget)%n", skipped, skipped == 1 ? "" : "s");
            }
            if (winners.isEmpty()) {
                return Main.OK;
            }
            TuningCache.store(cacheFile, info, p, winners, w -> err.println("cnnc tune: warning: " + w));
            out.printf(Locale.ROOT, "wrote %d entr%s for %s to %s%n", winners.size(), winners.size() == 1 ? "y" : "ies",
                    TuningCache.deviceKey(info, p), cacheFile);
            return Main.OK;
        });
    }
}
