package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.cli.CliTest.Result;
import dev.cnnc.train.report.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cnnc plot RUN_DIR [-o FILE]} on run folders written by hand in the documented formats. */
class PlotCommandTest {
    private static final String METRICS = """
            epoch,train_loss,train_accuracy,test_loss,test_accuracy,learning_rate,seconds
            1,0.900000,0.700000,0.800000,0.750000,0.0100000000,12.500
            2,0.500000,0.820000,0.550000,0.800000,0.00500000000,12.100
            """;
    private static final String STEPS = """
            step,epoch,loss,learning_rate
            1,1,1.200000,0.0100000000
            2,1,0.700000,0.0100000000
            3,2,0.550000,0.00500000000
            4,2,0.450000,0.00500000000
            """;

    private static Path run(Path dir, String metrics, String steps) throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.csv"), metrics);
        if (steps != null) {
            Files.writeString(run.resolve("steps.csv"), steps);
        }
        return run;
    }

    @Test
    void redrawsMetricsPngInTheRunFolder(@TempDir Path dir) throws IOException {
        Path run = run(dir, METRICS, STEPS);
        Result r = CliTest.run("plot", run.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("2 epochs, 4 optimizer steps"), r.out());
        BufferedImage img = ImageIO.read(run.resolve("metrics.png").toFile());
        assertEquals(1200, img.getWidth());
        assertEquals(900, img.getHeight());
    }

    @Test
    void writesWhereDashOSays(@TempDir Path dir) throws IOException {
        Path run = run(dir, METRICS, null); // an older run: no steps.csv
        Path png = dir.resolve("elsewhere/plot.png");
        Result r = CliTest.run("plot", run.toString(), "-o", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no steps.csv"), r.out());
        assertTrue(Files.size(png) > 0);
        assertFalse(Files.exists(run.resolve("metrics.png")));
    }

    @Test
    void aGarbledCsvIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path run = run(dir, METRICS, STEPS.replace("0.700000", "0.7x"));
        Result r = CliTest.run("plot", run.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("cnnc plot: error: " + run.resolve("steps.csv") + ":3: malformed number"),
                r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(run.resolve("metrics.png")));

        Files.writeString(run.resolve("metrics.csv"), "epoch;loss\n1;0.5\n");
        r = CliTest.run("plot", run.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains(run.resolve("metrics.csv") + ": not a cnnc metrics.csv"), r.err());
    }

    @Test
    void aMissingCsvOrFolderIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
        Result r = CliTest.run("plot", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dir.resolve("metrics.csv") + ": no such file"), r.err());
        r = CliTest.run("plot", dir.resolve("nothing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(dir.resolve("nothing") + ": no such folder"), r.err());
    }

    @Test
    void theDocumentedHeadersAreTheOnesWritten() {
        assertTrue(METRICS.startsWith(MetricsLog.HEADER + "\n"));
        assertTrue(STEPS.startsWith(MetricsLog.STEPS_HEADER + "\n"));
    }
}
