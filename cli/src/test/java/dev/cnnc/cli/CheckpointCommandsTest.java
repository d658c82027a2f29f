package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --checkpoint} and {@code --max-memory} on info, bench and train. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class CheckpointCommandsTest {
    static final String RESNET20 = CliTest.ROOT.resolve("stdlib/models/resnet20.cnn").toString();

    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void infoReportsThePeakWithAndWithoutAndTheRecomputation() {
        CliTest.Result plain = CliTest.run("info", "--json", "--batch", "32", RESNET20);
        CliTest.Result r = CliTest.run("info", "--json", "--batch", "32", "--checkpoint", RESNET20);
        assertEquals(0, r.code(), r.err());
        long without = number(plain.out(), "total_planned_bytes");
        assertEquals(without, number(r.out(), "total_planned_bytes_without"));
        assertTrue(number(r.out(), "total_planned_bytes") < 0.9 * without, r.out());
        assertTrue(r.out().matches("(?s).*\"checkpointing\": \\{\"segments\": \\d+, \"kept\": \\d+, "
                + "\"recompute_percent\": \\d+\\.\\d\\d.*"), r.out());
        CliTest.Result text = CliTest.run("info", "--batch", "32", "--checkpoint", RESNET20);
        assertTrue(text.out().matches("(?s).*  checkpointing     \\d+ segments, \\d+ activations kept, recomputes "
                + "\\d+\\.\\d% of the forward FLOPs\n  without it        .* planned .*"), text.out());
    }

    @Test
    void maxMemoryPicksAPlanWithinTheBudget() {
        long without = number(CliTest.run("info", "--json", "--batch", "32", RESNET20).out(), "total_planned_bytes");
        long budget = (long) (0.85 * without);
        CliTest.Result r = CliTest.run("info", "--json", "--batch", "32", "--max-memory", Long.toString(budget),
                RESNET20);
        assertEquals(0, r.code(), r.err());
        assertTrue(number(r.out(), "total_planned_bytes") <= budget, r.out());
        assertTrue(number(r.out(), "segments") > 1, r.out());
        CliTest.Result roomy = CliTest.run("info", "--json", "--batch", "32", "--max-memory", "4G", RESNET20);
        assertEquals(1, number(roomy.out(), "segments"), roomy.out());
        assertEquals(without, number(roomy.out(), "total_planned_bytes"));
    }

    @Test
    void maxMemoryTooSmallIsAClearError() {
        CliTest.Result r = CliTest.run("info", "--batch", "32", "--max-memory", "10M", RESNET20);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().startsWith("cnnc info: error: training ResNet20 at batch 32 needs more than --max-memory"
                + " 10.0 MiB: the smallest planned peak reachable with checkpointing is "), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        CliTest.Result bench = CliTest.run("bench", RESNET20, "--batch", "32", "--train", "--max-memory", "10M",
                "--device", "cpu");
        assertEquals(1, bench.code(), bench.out());
        assertTrue(bench.err().startsWith("cnnc bench: error: training ResNet20 at batch 32 needs more than"),
                bench.err());
    }

    @Test
    void misuseIsAUsageError(@TempDir Path dir) throws IOException {
        CliTest.Result size = CliTest.run("info", "--max-memory", "lots", RESNET20);
        assertEquals(2, size.code());
        assertEquals("cnnc info: error: --max-memory: not a memory size: `lots` (write e.g. 512M, 2G or a number of"
                + " bytes)\n", size.err());
        assertEquals(2, CliTest.run("info", "--checkpoint", "--max-memory", "1G", RESNET20).code());
        String mlp = BenchCommandTest.mlp(dir).toString();
        CliTest.Result inference = CliTest.run("bench", mlp, "--checkpoint", "--device", "cpu");
        assertEquals(2, inference.code());
        assertTrue(inference.err().contains("--checkpoint and --max-memory apply to training"), inference.err());
        CliTest.Result unplanned = CliTest.run("bench", mlp, "--train", "--checkpoint", "--no-memory-plan",
                "--device", "cpu");
        assertEquals(2, unplanned.code());
    }

    @Test
    void benchTimesACheckpointedStep(@TempDir Path dir) throws IOException {
        // Four layers after fusion (each dense takes its ReLU into its epilogue): √4 = 2 segments.
        Path deep = dir.resolve("deep.cnn");
        Files.writeString(deep, "model Deep { input x: [20]  output y = x -> dense(16) as fc1 -> relu -> dense(16) as"
                + " fc2 -> relu -> dense(16) as fc3 -> relu -> dense(4) as fc4 }\n");
        CliTest.Result r = CliTest.run("bench", deep.toString(), "--batch", "4", "--train",
                "--checkpoint", "--iterations", "2", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("checkpointing: 2 segments, 1 activations kept, recomputing "), r.out());
        assertTrue(r.out().contains("images/s"), r.out());
    }

    @Test
    void compileCheckpointsTheJarsTrainingStep(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("mlp.jar");
        CliTest.Result r = CliTest.run("compile", BenchCommandTest.mlp(dir).toString(), "-o", jar.toString(),
                "--checkpoint", "--emit", "ir");
        assertEquals(0, r.code(), r.err());
        assertTrue(java.nio.file.Files.size(jar) > 0);
    }

    /** A checkpointed training run's losses and accuracies equal the plain run's, bit for bit. */
    @Test
    void trainingWithCheckpointingMatchesTrainingWithout(@TempDir Path dir) {
        MetricsLog[] logs = new MetricsLog[2];
        for (int i = 0; i < 2; i++) {
            Path run = dir.resolve("run" + i);
            CliTest.Result r = i == 0
                    ? CliTest.run("train", TrainCommandTest.MODEL, "--epochs", "1", "--batch", "32", "--limit", "320",
                    "--test-limit", "200", "--seed", "5", "--run-dir", run.toString())
                    : CliTest.run("train", TrainCommandTest.MODEL, "--epochs", "1", "--batch", "32", "--limit", "320",
                    "--test-limit", "200", "--seed", "5", "--run-dir", run.toString(), "--checkpoint");
            assertEquals(0, r.code(), r.err() + r.out());
            if (i == 1) {
                assertTrue(r.out().contains("checkpointing: "), r.out());
            }
            logs[i] = MetricsLog.readCsv(run.resolve("metrics.csv"));
        }
        MetricsLog.Epoch a = logs[0].epochs().get(0);
        MetricsLog.Epoch b = logs[1].epochs().get(0);
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.testLoss(), b.testLoss());
        assertEquals(a.testAccuracy(), b.testAccuracy());
    }
}
