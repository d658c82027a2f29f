package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cnnc train` with the focal loss ({@code loss: focal(alpha, gamma)} in the train section) on a
 * small subset of Fashion-MNIST: it runs, and the losses it logs are finite and focal-sized
 * (below α·ln 10, which bounds the focal loss of a model no worse than chance: (1 − p_t)^γ ≤ 1,
 * while a cross-entropy would log about ln 10 = 2.3 early on).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class FocalTrainTest {

    private static Path model(Path dir, String loss) throws IOException {
        Path file = dir.resolve("small.cnn");
        Files.writeString(file, """
                model SmallFocal {
                  input image: [1, 28, 28]
                  output logits = image
                    -> conv(6, 5, pad: 2) as c1 -> relu -> maxpool(2)
                    -> flatten -> dense(32) as f1 -> relu -> dense(10) as f2
                  train {
                    loss: %s
                    optimizer: sgd(lr: 0.05, momentum: 0.9)
                    data: "fashion-mnist"
                  }
                }
                """.formatted(loss));
        return file;
    }

    private static MetricsLog.Epoch train(Path dir, String loss) throws IOException {
        Path run = dir.resolve("run");
        CliTest.Result r = CliTest.run("train", model(dir, loss).toString(), "--epochs", "1", "--batch", "32",
                "--limit", "640", "--test-limit", "200", "--seed", "3", "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        MetricsLog log = MetricsLog.readCsv(run.resolve("metrics.csv"));
        assertEquals(1, log.epochs().size());
        MetricsLog.Epoch e = log.epochs().get(0);
        assertTrue(Double.isFinite(e.trainLoss()) && e.trainLoss() > 0, "train loss " + e.trainLoss());
        assertTrue(Double.isFinite(e.testLoss()) && e.testLoss() > 0, "test loss " + e.testLoss());
        return e;
    }

    @Test
    void trainsWithFocalLoss(@TempDir Path dir) throws IOException {
        MetricsLog.Epoch e = train(dir, "focal(alpha: 0.5, gamma: 2)");
        assertTrue(e.trainLoss() < 0.5 * Math.log(10), "focal train loss " + e.trainLoss());
        assertTrue(e.testLoss() < 0.5 * Math.log(10), "focal test loss " + e.testLoss());
        assertTrue(e.testAccuracy() > 0.3, "test accuracy " + e.testAccuracy());
    }

    @Test
    void focalDefaultsToAlphaQuarterGammaTwo(@TempDir Path dir) throws IOException {
        MetricsLog.Epoch e = train(dir, "focal");
        assertTrue(e.testLoss() < 0.25 * Math.log(10), "focal test loss " + e.testLoss());
    }

    @Test
    void lossesNotYetTrainableAreAClearError(@TempDir Path dir) throws IOException {
        CliTest.Result r = CliTest.run("train", model(dir, "dice").toString(), "--epochs", "1", "--limit", "64",
                "--run-dir", dir.resolve("run").toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("loss `dice` is not implemented for training yet"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
