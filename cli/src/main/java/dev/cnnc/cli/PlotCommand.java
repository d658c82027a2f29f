package dev.cnnc.cli;

import dev.cnnc.train.io.AtomicFile;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.report.MetricsLog;
import dev.cnnc.train.report.Plot;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc plot RUN_DIR [-o FILE]}: draws a run's {@code metrics.png} again from its
 * {@code metrics.csv} and, when there is one, {@code steps.csv} (see {@link MetricsLog} for the
 * formats), for a finished run or one still training. Exit 1, naming the file, for a missing or
 * garbled CSV file or a PNG that cannot be written.
 */
@Command(name = "plot", description = "Draw a run's metrics.png again from its metrics.csv and steps.csv (a "
        + "finished run, or one still training).")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder `cnnc train` wrote")
    Path runDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write the PNG "
            + "(default: RUN_DIR/metrics.png)")
    Path output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path metrics = runDir.resolve(MetricsLog.METRICS_CSV);
        if (!Files.isDirectory(runDir)) {
            err.println("cnnc plot: error: " + runDir + ": no such folder");
            return Main.MODEL_ERROR;
        }
        if (!Files.isRegularFile(metrics)) {
            err.println("cnnc plot: error: " + metrics + ": no such file (is " + runDir + " a run folder of cnnc "
                    + "train, and has its first epoch finished?)");
            return Main.MODEL_ERROR;
        }
        MetricsLog log;
        try {
            log = MetricsLog.readRun(runDir);
        } catch (IllegalArgumentException e) {
            err.println("cnnc plot: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        } catch (UncheckedIOException e) {
            err.println("cnnc plot: error: reading " + runDir + ": " + AtomicFile.describe(e.getCause()));
            return Main.MODEL_ERROR;
        }
        Path png = output != null ? output : runDir.resolve("metrics.png");
        try {
            Plot.write(log, title(), png);
        } catch (UncheckedIOException e) {
            err.println("cnnc plot: error: cannot write " + png + ": " + AtomicFile.describe(e.getCause()));
            return Main.MODEL_ERROR;
        }
        out.printf("wrote %s: %d epoch%s, %d optimizer step%s%s%n", png, log.epochs().size(),
                log.epochs().size() == 1 ? "" : "s", log.steps().size(), log.steps().size() == 1 ? "" : "s",
                Files.exists(runDir.resolve(MetricsLog.STEPS_CSV)) ? "" : " (no steps.csv: per-epoch numbers only)");
        return Main.OK;
    }

    /**
     * The image's title as training draws it, {@code MODEL (RUN_DIR's name)}; the model's name
     * comes from {@code last.safetensors}' metadata, and is left out when that cannot be read.
     */
    private String title() {
        String run = runDir.toAbsolutePath().normalize().getFileName() + "";
        Path last = runDir.resolve("last.safetensors");
        if (Files.isRegularFile(last)) {
            try {
                String model = Safetensors.readHeader(last).metadata().get("model");
                if (model != null) {
                    return model + " (" + run + ")";
                }
            } catch (TensorFileException e) {
                // the title without the model's name
            }
        }
        return run;
    }
}
