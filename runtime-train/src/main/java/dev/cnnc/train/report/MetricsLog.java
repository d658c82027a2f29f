package dev.cnnc.train.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The history of a run: one record per epoch and one per optimizer step, kept in memory and
 * written after every epoch (atomically: a reader never sees half a file) as two CSV files in the
 * run folder, which {@link Plot} draws as {@code metrics.png}:
 *
 * <ul>
 *   <li>{@code metrics.csv}, header {@value #HEADER}: per epoch (1-based) the mean training loss
 *       and accuracy over the epoch, the test set's loss and accuracy after it (accuracies in
 *       [0, 1]), the learning rate of its last step and its wall-clock seconds. A run with a
 *       validation split evaluates that instead after each epoch, and its header says so
 *       ({@value #VAL_HEADER});
 *   <li>{@code steps.csv}, header {@value #STEPS_HEADER}: per optimizer step (1-based, counted
 *       over the whole run) its epoch (1-based), the mean loss of the samples it trained on and
 *       the learning rate it used.
 * </ul>
 */
public final class MetricsLog {
    /** One epoch's numbers; accuracies in [0, 1]. */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                        double learningRate, double seconds) {
    }

    /** One optimizer step: its number in the run (1-based), its epoch (1-based), its mean loss and learning rate. */
    public record Step(long step, int epoch, double loss, double learningRate) {
    }

    /** The first line of {@code metrics.csv}. */
    public static final String HEADER = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds";
    /** The first line of {@code metrics.csv} of a run that evaluates a validation split after each epoch. */
    public static final String VAL_HEADER = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
            + "seconds";
    /** The first line of {@code steps.csv}. */
    public static final String STEPS_HEADER = "step,epoch,loss,learning_rate";
    /** The per-epoch file's name in a run folder. */
    public static final String METRICS_CSV = "metrics.csv";
    /** The per-step file's name in a run folder. */
    public static final String STEPS_CSV = "steps.csv";

    private final List<Epoch> epochs = new ArrayList<>();
    /** The set evaluated after each epoch: "test", or "val" with a validation split. */
    private String evaluated = "test";
    private final List<Step> steps = new ArrayList<>();
    /**
     * {@code steps.csv} as far as it has been formatted: the steps only grow, and a long run's
     * hundred thousand lines, written after every epoch, are each formatted once.
     */
    private final StringBuilder stepsText = new StringBuilder(STEPS_HEADER).append('\n');
    private int stepsFormatted;

    /** Says which set the epochs' evaluation columns hold: "test" (the default) or "val" (a validation split). */
    public MetricsLog evaluatedOn(String set) {
        if (!set.equals("test") && !set.equals("val")) {
            throw new IllegalArgumentException("evaluated on test or val, not " + set);
        }
        this.evaluated = set;
        return this;
    }

    /** The set evaluated after each epoch: "test" or "val". */
    public String evaluated() {
        return evaluated;
    }

    /** Records a finished epoch. */
    public void add(Epoch e) {
        epochs.add(e);
    }

    /** Records an optimizer step. */
    public void addStep(Step s) {
        steps.add(s);
    }

    /** The epochs recorded, in order. */
    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** The optimizer steps recorded, in order. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The epochs and steps up to and including {@code epoch} (to resume a run after it). */
    public MetricsLog upTo(int epoch) {
        MetricsLog kept = new MetricsLog().evaluatedOn(evaluated);
        epochs.stream().filter(e -> e.epoch() <= epoch).forEach(kept::add);
        steps.stream().filter(s -> s.epoch() <= epoch).forEach(kept::addStep);
        return kept;
    }

    /** The content of {@code metrics.csv}. */
    public String csv() {
        StringBuilder b = new StringBuilder(evaluated.equals("val") ? VAL_HEADER : HEADER).append('\n');
        for (Epoch e : epochs) {
            b.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f%n", e.epoch(), e.trainLoss(),
                    e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.learningRate(), e.seconds()));
        }
        return b.toString();
    }

    /** The content of {@code steps.csv}. */
    public String stepsCsv() {
        for (; stepsFormatted < steps.size(); stepsFormatted++) {
            Step s = steps.get(stepsFormatted);
            stepsText.append(String.format(Locale.ROOT, "%d,%d,%.6f,%.8g%n", s.step(), s.epoch(), s.loss(),
                    s.learningRate()));
        }
        return stepsText.toString();
    }

    /**
     * Reads the epochs of a {@code metrics.csv} written by {@link #writeCsv} (to resume or plot a run).
     *
     * @throws IllegalArgumentException naming the file (and line) when it is not such a file
     * @throws UncheckedIOException     when it cannot be read
     */
    public static MetricsLog readCsv(Path file) {
        MetricsLog log = new MetricsLog();
        rows(file, List.of(HEADER, VAL_HEADER), h -> log.evaluatedOn(h.equals(VAL_HEADER) ? "val" : "test"), f -> log.add(new Epoch(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                Double.parseDouble(f[6]))));
        return log;
    }

    /**
     * Reads a {@code steps.csv} written by {@link #writeStepsCsv} into this log's steps.
     *
     * @throws IllegalArgumentException naming the file (and line) when it is not such a file
     * @throws UncheckedIOException     when it cannot be read
     */
    public void readStepsCsv(Path file) {
        rows(file, List.of(STEPS_HEADER), h -> { }, f -> addStep(new Step(Long.parseLong(f[0]), Integer.parseInt(f[1]),
                Double.parseDouble(f[2]), Double.parseDouble(f[3]))));
    }

    /**
     * A run folder's history: its {@code metrics.csv}, and its {@code steps.csv} when there is
     * one (runs of older versions of cnnc have none).
     */
    public static MetricsLog readRun(Path runDir) {
        MetricsLog log = readCsv(runDir.resolve(METRICS_CSV));
        Path steps = runDir.resolve(STEPS_CSV);
        if (Files.exists(steps)) {
            log.readStepsCsv(steps);
        }
        return log;
    }

    /**
     * Passes each data row of a CSV file whose first line must be {@code header}, split at
     * commas, to {@code row}; a row with the wrong number of fields, or one {@code row} finds a
     * malformed number in, is an error naming the file and line.
     */
    private static void rows(Path file, List<String> headers, java.util.function.Consumer<String> header,
                             java.util.function.Consumer<String[]> row) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not a text file (not UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !headers.contains(lines.get(0))) {
            throw new IllegalArgumentException(file + ": not a cnnc " + file.getFileName() + " (the first line should "
                    + "be " + String.join(" or ", headers) + ")");
        }
        header.accept(lines.get(0));
        int columns = headers.get(0).split(",").length;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != columns) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + columns + " fields, found "
                        + f.length);
            }
            try {
                row.accept(f);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": malformed number: " + e.getMessage());
            }
        }
    }

    /** Writes {@code metrics.csv} atomically. */
    public void writeCsv(Path file) {
        write(file, csv().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code steps.csv} atomically. */
    public void writeStepsCsv(Path file) {
        write(file, stepsCsv().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes through a temporary file in the same folder and a rename. */
    static void write(Path file, byte[] bytes) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    // createTempFile makes the file private; a run's outputs are ordinary files.
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // keep the default permissions
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
