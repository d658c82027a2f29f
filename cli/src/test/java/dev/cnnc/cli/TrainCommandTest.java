package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training end to end on real Fashion-MNIST (a subset, so CI stays fast): the loss falls, the
 * run folder is complete, a resumed run equals an uninterrupted one bit for bit, and `eval`
 * reads the checkpoint.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class TrainCommandTest {
    static final String MODEL = CliTest.ROOT.resolve("samples/lenet5_fashion_pytorch_recipe.cnn").toString();

    @TempDir
    static Path shared;

    static Path fullRun;

    @BeforeAll
    static void trainTwoEpochsOnASubset() {
        fullRun = shared.resolve("full");
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "2", "--batch", "32", "--limit", "3200",
                "--test-limit", "1000", "--seed", "5", "--run-dir", fullRun.toString());
        assertEquals(0, r.code(), r.err() + r.out());
    }

    @Test
    void lossFallsAndAccuracyRises() {
        MetricsLog log = MetricsLog.readCsv(fullRun.resolve("metrics.csv"));
        assertEquals(2, log.epochs().size());
        MetricsLog.Epoch last = log.epochs().get(1);
        // An untrained 10-class model has loss ln 10 = 2.30 and 10% accuracy. 200 SGD steps on
        // 3,200 images must bring the test loss below 60% of that and reach 60% on 1,000 test images.
        assertTrue(last.testLoss() < 0.6 * Math.log(10), "test loss " + last.testLoss());
        assertTrue(last.testAccuracy() > 0.60, "test accuracy " + last.testAccuracy());
        assertTrue(last.trainLoss() < log.epochs().get(0).trainLoss(), "train loss falls between epochs");
    }

    @Test
    void theRunFolderHasMetricsPlotAndCheckpoints() throws IOException {
        for (String f : new String[] {"metrics.csv", "steps.csv", "metrics.png", "last.safetensors",
                "best.safetensors"}) {
            assertTrue(Files.size(fullRun.resolve(f)) > 0, f);
        }
        MetricsLog log = MetricsLog.readRun(fullRun);
        assertEquals(200, log.steps().size(), "one line per optimizer step");
        MetricsLog.Step last = log.steps().get(199);
        assertEquals(200, last.step());
        assertEquals(2, last.epoch());
        assertEquals(log.epochs().get(1).learningRate(), last.learningRate(), 1e-12);
        StateDict d = Safetensors.read(fullRun.resolve("last.safetensors"));
        assertArrayEquals(new long[] {6, 1, 5, 5}, d.require("c1.weight").shape());
        assertArrayEquals(new long[] {10, 84}, d.require("f3.weight").shape());
        assertTrue(d.contains("optimizer.f3.weight.momentum_buffer"), d.names().toString());
        assertEquals("2", d.metadata().get("epoch"));
        assertEquals("200", d.metadata().get("optimizer_steps"));
        // best.safetensors is the model's state_dict alone, for PyTorch's strict load (CheckpointFormatTest).
        StateDict best = Safetensors.read(fullRun.resolve("best.safetensors"));
        assertFalse(best.names().stream().anyMatch(n -> n.startsWith("optimizer.")), best.names().toString());
        assertEquals(10, best.size(), best.names().toString());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() {
        Path run = shared.resolve("resumed");
        CliTest.Result first = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "3200",
                "--test-limit", "1000", "--seed", "5", "--run-dir", run.toString());
        assertEquals(0, first.code(), first.err());
        CliTest.Result second = CliTest.run("train", MODEL, "--epochs", "2", "--batch", "32", "--limit", "3200",
                "--test-limit", "1000", "--seed", "5", "--run-dir", run.toString(), "--resume");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("resuming after epoch 1 (optimizer step 100)"), second.out());
        StateDict a = Safetensors.read(fullRun.resolve("last.safetensors"));
        StateDict b = Safetensors.read(run.resolve("last.safetensors"));
        assertEquals(a.names(), b.names());
        for (Map.Entry<String, HostTensor> e : a) {
            assertEquals(e.getValue(), b.require(e.getKey()), e.getKey() + " differs after resuming");
        }
        assertEquals(MetricsLog.readCsv(fullRun.resolve("metrics.csv")).epochs().size(),
                MetricsLog.readCsv(run.resolve("metrics.csv")).epochs().size());
        assertEquals(MetricsLog.readRun(fullRun).steps(), MetricsLog.readRun(run).steps(),
                "steps.csv kept the first epoch's steps and added the second's");
    }

    @Test
    void aDivergingRunStopsNamingTheLayerAndKeepsItsCheckpoints() throws IOException {
        Path run = shared.resolve("diverging");
        Files.createDirectories(run);
        for (String f : new String[] {"last.safetensors", "best.safetensors", "metrics.csv"}) {
            Files.copy(fullRun.resolve(f), run.resolve(f));
        }
        byte[] last = Files.readAllBytes(run.resolve("last.safetensors"));
        byte[] best = Files.readAllBytes(run.resolve("best.safetensors"));
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "3", "--batch", "32", "--limit", "3200",
                "--test-limit", "1000", "--seed", "5", "--run-dir", run.toString(), "--resume", "--lr", "1e30");
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("training diverged at epoch 3, step "), r.err());
        assertTrue(r.err().matches("(?s).*first non-finite value, rerunning the step with a check after every layer: "
                + "the output of layer `\\w+` \\(.*lenet5_fashion_pytorch_recipe\\.cnn:\\d+:\\d+\\) in the forward "
                + "pass: .*"), r.err());
        assertTrue(r.err().contains("last.safetensors (epoch 2) and best.safetensors were not replaced"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertArrayEquals(last, Files.readAllBytes(run.resolve("last.safetensors")));
        assertArrayEquals(best, Files.readAllBytes(run.resolve("best.safetensors")));
    }

    @Test
    void weightsHoldingNanAreRefusedByName(@TempDir Path dir) throws IOException {
        StateDict d = Safetensors.read(fullRun.resolve("last.safetensors"));
        float[] w = d.require("f3.weight").toFloatArray();
        w[7] = Float.NaN;
        w[8] = Float.POSITIVE_INFINITY;
        d.put("f3.weight", HostTensor.ofFloats(d.require("f3.weight").shape(), w));
        Path bad = dir.resolve("nan.safetensors");
        Safetensors.write(bad, d);
        CliTest.Result eval = CliTest.run("eval", MODEL, "--weights", bad.toString(), "--limit", "100");
        assertEquals(1, eval.code(), eval.err());
        assertTrue(eval.err().contains("tensor f3.weight (2 of 840 values) hold NaN or infinite values"), eval.err());
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.copy(bad, run.resolve("last.safetensors"));
        CliTest.Result train = CliTest.run("train", MODEL, "--epochs", "3", "--batch", "32", "--limit", "320",
                "--test-limit", "100", "--run-dir", run.toString(), "--resume");
        assertEquals(1, train.code(), train.err());
        assertTrue(train.err().contains("f3.weight (2 of 840 values)"), train.err());
    }

    @Test
    void evalReportsAccuracyPerClassMetricsAndConfusion() {
        CliTest.Result r = CliTest.run("eval", MODEL, "--weights", fullRun.resolve("best.safetensors").toString(),
                "--limit", "500");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("samples 500   top-1 "), r.out());
        assertTrue(r.out().contains("Ankle boot"), r.out());
        assertTrue(r.out().contains("confusion matrix"), r.out());
        CliTest.Result json = CliTest.run("eval", MODEL, "--weights", fullRun.resolve("best.safetensors").toString(),
                "--limit", "500", "--json");
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().contains("\"top5\": "), json.out());
    }

    @Test
    void userMistakesAreClearErrors(@TempDir Path dir) throws IOException {
        CliTest.Result noData = CliTest.run("train", MODEL, "--data-dir", dir.toString(), "--epochs", "1");
        assertEquals(1, noData.code());
        assertTrue(noData.err().contains("train-images-idx3-ubyte"), noData.err());
        CliTest.Result noCheckpoint = CliTest.run("train", MODEL, "--resume", "--run-dir", dir.toString());
        assertEquals(2, noCheckpoint.code());
        assertTrue(noCheckpoint.err().contains("last.safetensors does not exist"), noCheckpoint.err());
        Path wrong = dir.resolve("rgb.cnn");
        Files.writeString(wrong, "model Rgb { input x: [3, 28, 28]  output y = x -> flatten -> dense(10) }\n");
        CliTest.Result shape = CliTest.run("train", wrong.toString(), "--data", "fashion-mnist");
        assertEquals(1, shape.code());
        assertTrue(shape.err().contains("the model's input is [3, 28, 28] but fashion-mnist (training split) samples are "
                + "[1, 28, 28]"),
                shape.err());
        CliTest.Result badWeights = CliTest.run("eval", MODEL, "--weights", dir.resolve("none.safetensors").toString());
        assertEquals(1, badWeights.code());
        assertTrue(badWeights.err().contains("none.safetensors: cannot read: no such file"), badWeights.err());
        assertTrue(!badWeights.err().contains("\tat "), badWeights.err());
    }

    /** Issue 18, item 9: a run folder that holds a run is continued or replaced only when asked. */
    @Test
    void anExistingRunIsNeverOverwrittenSilently(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.csv"), "a run's history\n");
        CliTest.Result again = CliTest.run("train", MODEL, "--epochs", "1", "--limit", "64", "--run-dir", run.toString());
        assertEquals(2, again.code(), again.err() + again.out());
        assertTrue(again.err().contains(run + " already holds a run (metrics.csv); continue it with --resume, replace "
                + "it with --overwrite, or give another --run-dir"), again.err());
        assertEquals("a run's history\n", Files.readString(run.resolve("metrics.csv")), "untouched");
        CliTest.Result both = CliTest.run("train", MODEL, "--resume", "--overwrite", "--run-dir", run.toString());
        assertEquals(2, both.code(), both.err());
        CliTest.Result replaced = CliTest.run("train", MODEL, "--epochs", "1", "--limit", "64", "--test-limit", "64",
                "--run-dir", run.toString(), "--overwrite");
        assertEquals(0, replaced.code(), replaced.err() + replaced.out());
        assertTrue(Files.readString(run.resolve("metrics.csv")).startsWith("epoch,"), "a new history");
    }

    /** Issue 18, item 4: a run stopped mid-epoch (SIGTERM, as Ctrl-C's SIGINT) says where it was and what is kept. */
    @Test
    void anInterruptedRunSaysWhatIsKept(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dcnnc.stdlib=" + CliTest.ROOT.resolve("stdlib"),
                Main.class.getName(), "train", MODEL, "--epochs", "3", "--batch", "32", "--run-dir", run.toString());
        pb.environment().put("POCL_WORK_GROUP_SPECIALIZATION", "0");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.append(line).append('\n');
                if (line.startsWith("epoch 1/3  train loss")) {
                    // once epoch 1's checkpoint is written, SIGTERM in epoch 2: the JVM runs its shutdown
                    // hooks, as on Ctrl-C (Process.destroy would also close our end of its output)
                    for (int i = 0; i < 200 && !Files.exists(run.resolve("last.safetensors")); i++) {
                        Thread.sleep(50);
                    }
                    Thread.sleep(1000);
                    p.toHandle().destroy();
                }
            }
        }
        p.waitFor();
        assertTrue(out.toString().contains("interrupted during epoch 2/3, batch "), out.toString()); // where it was
        assertTrue(out.toString().contains(run.resolve("last.safetensors") + " holds the last finished epoch: continue "
                + "with --resume --run-dir " + run), out.toString());
        assertFalse(out.toString().contains("epoch 2/3  train loss"), "stopped in epoch 2: " + out);
    }
}
