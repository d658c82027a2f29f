package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.optim.Schedule;
import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
