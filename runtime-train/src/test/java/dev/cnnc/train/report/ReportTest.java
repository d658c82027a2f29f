package dev.cnnc.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    private static MetricsLog sample() {
        MetricsLog log = new MetricsLog();
        log.add(new MetricsLog.Epoch(1, 0.9, 0.7, 0.8, 0.75, 0.01, 12.5));
        log.add(new MetricsLog.Epoch(2, 0.5, 0.82, 0.55, 0.8, 0.005, 12.1));
        log.add(new MetricsLog.Epoch(3, 0.4, 0.86, 0.45, 0.84, 0.001, 12.0));
        return log;
    }

    @Test
    void csvRoundTrips(@TempDir Path dir) {
        Path f = dir.resolve("metrics.csv");
        sample().writeCsv(f);
        assertEquals(sample().epochs(), MetricsLog.readCsv(f).epochs());
    }

    @Test
    void stepsCsvRoundTripsAndAResumeKeepsTheEpochsBeforeIt(@TempDir Path dir) {
        MetricsLog log = sample();
        for (int s = 1; s <= 6; s++) {
            log.addStep(new MetricsLog.Step(s, (s + 1) / 2, 2.5 - 0.25 * s, 0.01));
        }
        log.writeCsv(dir.resolve(MetricsLog.METRICS_CSV));
        log.writeStepsCsv(dir.resolve(MetricsLog.STEPS_CSV));
        MetricsLog read = MetricsLog.readRun(dir);
        assertEquals(log.epochs(), read.epochs());
        assertEquals(log.steps(), read.steps());
        MetricsLog kept = read.upTo(2);
        assertEquals(2, kept.epochs().size());
        assertEquals(4, kept.steps().size());
    }

    @Test
    void aRunWithoutStepsCsvHasNoSteps(@TempDir Path dir) {
        sample().writeCsv(dir.resolve(MetricsLog.METRICS_CSV));
        assertEquals(0, MetricsLog.readRun(dir).steps().size());
    }

    @Test
    void aGarbledCsvIsAnErrorNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve(MetricsLog.STEPS_CSV);
        Files.writeString(f, MetricsLog.STEPS_HEADER + "\n1,1,0.5,0.1\n2,1,oops,0.1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetricsLog().readStepsCsv(f));
        assertTrue(e.getMessage().startsWith(f + ":3: malformed number"), e.getMessage());
        Files.writeString(f, MetricsLog.STEPS_HEADER + "\n1.5,1,0.5,0.1\n");
        e = assertThrows(IllegalArgumentException.class, () -> new MetricsLog().readStepsCsv(f));
        assertTrue(e.getMessage().startsWith(f + ":2: malformed number"), e.getMessage());
        Files.writeString(f, MetricsLog.STEPS_HEADER + "\n1,1,0.5\n");
        e = assertThrows(IllegalArgumentException.class, () -> new MetricsLog().readStepsCsv(f));
        assertTrue(e.getMessage().startsWith(f + ":2: expected 4 fields, found 3"), e.getMessage());
        Files.writeString(f, "something else\n");
        e = assertThrows(IllegalArgumentException.class, () -> new MetricsLog().readStepsCsv(f));
        assertTrue(e.getMessage().contains("not a cnnc steps.csv"), e.getMessage());
    }

    /** A run with a validation split names it in metrics.csv's header, and reading it back keeps that. */
    @Test
    void aValidationRunsCsvSaysSo(@TempDir Path dir) {
        Path f = dir.resolve("metrics.csv");
        MetricsLog log = sample().evaluatedOn("val");
        log.writeCsv(f);
        assertEquals(MetricsLog.VAL_HEADER, log.csv().lines().findFirst().orElseThrow());
        MetricsLog back = MetricsLog.readCsv(f);
        assertEquals("val", back.evaluated());
        assertEquals(log.epochs(), back.epochs());
        assertEquals("val", back.upTo(1).evaluated());
        assertEquals("test", sample().evaluated());
    }
}
