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
 * The per-epoch history of a run: kept in memory, written as {@code metrics.csv} after every
 * epoch (atomically: a reader never sees half a file), and drawn by {@link Plot}.
 */
public final class MetricsLog {
    /** One epoch's numbers; accuracies in [0, 1]. */
    public record Epoch(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                        double learningRate, double seconds) {
    }

    public static final String HEADER = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds";

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch e) {
        epochs.add(e);
    }

    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    public String csv() {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Epoch e : epochs) {
            b.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f%n", e.epoch(), e.trainLoss(),
                    e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.learningRate(), e.seconds()));
        }
        return b.toString();
    }

    /** Reads a log written by {@link #writeCsv} (to resume a run). */
    public static MetricsLog readCsv(Path file) {
        MetricsLog log = new MetricsLog();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                throw new IllegalArgumentException(file + ": not a cnnc metrics.csv (header should be " + HEADER + ")");
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 7) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 7 fields, found " + f.length);
                }
                log.add(new Epoch(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": malformed number: " + e.getMessage());
        }
        return log;
    }

    public void writeCsv(Path file) {
        write(file, csv().getBytes(StandardCharsets.UTF_8));
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
