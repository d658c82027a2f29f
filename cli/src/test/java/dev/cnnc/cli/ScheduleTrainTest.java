package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.optim.Schedule;
import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cnnc train` with the {@code plateau} and {@code one_cycle} schedules and {@code early_stop}
 * on a small subset of Fashion-MNIST: the rates the run logs are the schedules', and a run whose
 * metric cannot improve enough ends early, saying why, with its checkpoints.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ScheduleTrainTest {

    private static Path model(Path dir, String train) throws IOException {
        Path file = dir.resolve("small.cnn");
        Files.writeString(file, """
                model Small {
                  input image: [1, 28, 28]
                  output logits = image -> maxpool(4) -> flatten -> dense(10) as fc
                  train {
                    optimizer: sgd(lr: 0.05)
                    data: "fashion-mnist"
                    %s
                  }
                }
                """.formatted(train));
        return file;
    }

    @Test
    void earlyStopEndsTheRunAndPlateauHalvesTheRate(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        // Nothing improves the train loss by 99% (threshold) or the test loss by 10 (min_delta).
        CliTest.Result r = CliTest.run("train", model(dir, """
                schedule: plateau(factor: 0.5, patience: 0, threshold: 0.99, metric: train_loss)
                    early_stop: early_stop(patience: 3, min_delta: 10)""").toString(), "--epochs", "6",
                "--batch", "32", "--limit", "320", "--test-limit", "100", "--seed", "3", "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("early stop after epoch 4/6: test loss has not improved by more than 10 for 3 "
                + "epochs (best "), r.out());
        assertTrue(r.out().contains(" at epoch 1)."), r.out());
        assertTrue(r.out().contains("after 4 epochs"), r.out());
        MetricsLog log = MetricsLog.readCsv(run.resolve("metrics.csv"));
        assertEquals(4, log.epochs().size());
        double[] want = {0.05, 0.05, 0.025, 0.0125};
        for (int e = 0; e < 4; e++) {
            assertEquals(want[e], log.epochs().get(e).learningRate(), 1e-9, "epoch " + (e + 1));
        }
        assertTrue(Files.exists(run.resolve("last.safetensors")) && Files.exists(run.resolve("best.safetensors")));
    }

    @Test
    void oneCycleSetsTheRateOfEveryStep(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        CliTest.Result r = CliTest.run("train", model(dir, "schedule: one_cycle(max_lr: 0.1)").toString(),
                "--epochs", "2", "--batch", "32", "--limit", "320", "--test-limit", "100", "--seed", "3",
                "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        MetricsLog log = MetricsLog.readCsv(run.resolve("metrics.csv"));
        log.readStepsCsv(run.resolve(MetricsLog.STEPS_CSV));
        assertEquals(20, log.steps().size());
        Schedule s = Schedule.oneCycle(0.1, 2, 0.3, 25, 1e4, "cos");
        for (MetricsLog.Step st : log.steps()) {
            int i = (int) st.step() - 1;
            assertEquals(s.lr(i / 10, i % 10, 10), st.learningRate(), 1e-6 * s.lr(i / 10, i % 10, 10), "step " + i);
        }
    }

    @Test
    void aValidationSplitIsReportedEveryEpochAndTheTestSetOnceAtTheEnd(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("run");
        CliTest.Result r = CliTest.run("train", model(dir, """
                val: 0.25
                    early_stop: early_stop(patience: 5, metric: val_accuracy)""").toString(), "--epochs", "2",
                "--batch", "32", "--limit", "640", "--test-limit", "100", "--seed", "3", "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().matches("(?s).*validation: 1\\d\\d of the 640 training samples held out \\(0\\.25 of each "
                + "class, seed 3\\); best\\.safetensors by validation accuracy; the test set \\(100 samples\\) is "
                + "evaluated once, at the end\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*epoch 1/2  train loss \\S+  acc \\S+%  \\|  val loss \\S+  acc \\S+%.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*epoch 2/2  train loss \\S+  acc \\S+%  \\|  val loss .*"), r.out());
        assertTrue(r.out().matches("(?s).*\ntest \\(best\\.safetensors, epoch [12]\\): loss \\S+  acc \\S+%  "
                + "\\(100 samples\\)\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\ntest accuracy \\S+% \\(best\\.safetensors: epoch [12], by validation "
                + "accuracy\\) after 2 epochs.*"), r.out());
        assertTrue(!r.out().contains("|  test loss"), r.out());
        // metrics.csv names the set its evaluation columns hold, and cnnc plot reads it back
        assertEquals(dev.cnnc.train.report.MetricsLog.VAL_HEADER,
                java.nio.file.Files.readAllLines(run.resolve("metrics.csv")).get(0));
        assertEquals("val", dev.cnnc.train.report.MetricsLog.readRun(run).evaluated());
        CliTest.Result plot = CliTest.run("plot", run.toString());
        assertEquals(0, plot.code(), plot.err());

        Path run2 = dir.resolve("run2");
        CliTest.Result opt = CliTest.run("train", model(dir, "").toString(), "--epochs", "1", "--batch", "32",
                "--limit", "320", "--test-limit", "100", "--seed", "3", "--val-split", "0.1", "--run-dir",
                run2.toString());
        assertEquals(0, opt.code(), opt.err() + opt.out());
        assertTrue(opt.out().contains("validation: 3"), opt.out()); // about 32 of 320
        assertTrue(opt.out().contains("|  val loss "), opt.out());
        CliTest.Result bad = CliTest.run("train", model(dir, "").toString(), "--val-split", "1.5");
        assertEquals(2, bad.code(), bad.err() + bad.out());
        assertTrue(bad.err().contains("--val-split must be in [0, 1): 1.5"), bad.err());
    }

    @Test
    void aCompiledJarKeepsTheScheduleEarlyStopAndValidationSplit(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("small.jar");
        CliTest.Result c = CliTest.run("compile", model(dir, """
                schedule: plateau(factor: 0.5, patience: 0, threshold: 0.99, metric: train_loss)
                    early_stop: early_stop(patience: 2, metric: val_loss, min_delta: 10)
                    val: 0.25""").toString(), "-o", jar.toString(), "--batch", "32");
        assertEquals(0, c.code(), c.err() + c.out());
        CompileCommandTest.Proc p = CompileCommandTest.java(jar, dir, "train", "--epochs", "5", "--limit", "640",
                "--test-limit", "100", "--seed", "3", "--run-dir", "run");
        assertEquals(0, p.code(), p.err() + p.out());
        assertTrue(p.out().contains("plateau(lr=0.05, factor=0.5, patience=0, threshold=0.99, mode=min, "
                + "metric=train_loss, min_lr=0.0)"), p.out());
        assertTrue(p.out().contains("validation: 160 of the 640 training samples held out"), p.out());
        assertTrue(p.out().contains("early stop after epoch 3/5: val loss has not improved by more than 10 for 2 "
                + "epochs"), p.out());
        assertTrue(p.out().contains("\ntest (best.safetensors, epoch "), p.out());
        MetricsLog log = MetricsLog.readCsv(dir.resolve("run/metrics.csv"));
        assertEquals(List.of(0.05, 0.05, 0.025), log.epochs().stream().map(MetricsLog.Epoch::learningRate).toList());
    }

    @Test
    void aResumedPlateauRunEqualsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        String m = model(dir, "schedule: plateau(factor: 0.5, patience: 0, threshold: 0.99, metric: train_loss)")
                .toString();
        String[] common = {"--batch", "32", "--limit", "320", "--test-limit", "100", "--seed", "3"};
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        assertEquals(0, run(m, common, "--epochs", "4", "--run-dir", whole.toString()).code());
        assertEquals(0, run(m, common, "--epochs", "2", "--run-dir", parts.toString()).code());
        CliTest.Result r = run(m, common, "--epochs", "4", "--run-dir", parts.toString(), "--resume");
        assertEquals(0, r.code(), r.err() + r.out());
        List<Double> lrs = MetricsLog.readCsv(parts.resolve("metrics.csv")).epochs().stream()
                .map(MetricsLog.Epoch::learningRate).toList();
        assertEquals(List.of(0.05, 0.05, 0.025, 0.0125), lrs, "the resumed plateau remembers epochs 1 and 2");
        assertEquals(CompileCommandTest.metrics(whole), CompileCommandTest.metrics(parts));
    }

    private static CliTest.Result run(String model, String[] common, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", model));
        args.addAll(List.of(common));
        args.addAll(List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }
}
