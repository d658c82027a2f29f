package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.report.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own images: `--data DIR` with train/ and test/ folders of class_name/*.png. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ImageFolderTrainTest {

    /** Noisy 8x8 RGB images whose class is their dominant colour: red, green or blue. */
    static void write(Path split, int perClass, Random rnd) throws IOException {
        write(split, perClass, rnd, 8);
    }

    private static void write(Path split, int perClass, Random rnd, int size) throws IOException {
        String[] classes = {"blue", "green", "red"};
        for (int k = 0; k < classes.length; k++) {
            Path dir = Files.createDirectories(split.resolve(classes[k]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int[] c = {rnd.nextInt(120), rnd.nextInt(120), rnd.nextInt(120)};
                        c[2 - k] += 120; // blue = channel 2, green = 1, red = 0
                        img.setRGB(x, y, (c[0] << 16) | (c[1] << 8) | c[2]);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("img" + i + ".png").toFile());
            }
        }
    }

    @Test
    void trainsAndEvaluatesOnAFolderOfImages(@TempDir Path dir) throws IOException {
        Random rnd = new Random(3);
        write(dir.resolve("data/train"), 40, rnd);
        write(dir.resolve("data/test"), 10, rnd);
        Path model = dir.resolve("colours.cnn");
        Files.writeString(model, """
                model Colours {
                  input image: [3, 8, 8]
                  output logits = image -> conv(4, 3, pad: 1) -> relu -> global_avgpool -> flatten -> dense(3)
                  train {
                    optimizer: adam(lr: 0.05)
                    batch: 8
                    epochs: 4
                  }
                }
                """);
        CliTest.Result r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        MetricsLog log = MetricsLog.readCsv(dir.resolve("run/metrics.csv"));
        assertEquals(4, log.epochs().size());
        assertTrue(log.epochs().get(3).testAccuracy() > 0.9, r.out());
        CliTest.Result e = CliTest.run("eval", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", dir.resolve("run/best.safetensors").toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("red"), e.out());
        assertTrue(e.out().contains("samples 30"), e.out());
        // Issue 18: a model without `classes` trained on folders predicts the folder names (stored in the
        // checkpoint), also for a photo of another size
        Path photo = dir.resolve("red photo.png");
        ImageIO.write(ImageInputTest.filled(320, 240, BufferedImage.TYPE_INT_RGB, java.awt.Color.RED), "png",
                photo.toFile());
        CliTest.Result p = CliTest.run("predict", model.toString(), "--weights",
                dir.resolve("run/best.safetensors").toString(), "--top", "1", photo.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith(photo + "  (resized from 320×240 to 8×8)\n  1. red "), p.out());
        p = CliTest.run("predict", model.toString(), "--weights", dir.resolve("run/best.safetensors").toString(),
                "--top", "1", "--json", photo.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("\"top\":[{\"class\":2,\"name\":\"red\",\"probability\":"), p.out());
    }

    @Test
    void gradientAccumulationClippingAndASchedule(@TempDir Path dir) throws IOException {
        Random rnd = new Random(4);
        write(dir.resolve("data/train"), 40, rnd);
        write(dir.resolve("data/test"), 10, rnd);
        Path model = dir.resolve("colours.cnn");
        Files.writeString(model, """
                model Colours {
                  input image: [3, 8, 8]
                  output logits = image -> conv(4, 3, pad: 1) -> relu -> global_avgpool -> flatten -> dense(3)
                  train {
                    optimizer: sgd(lr: 0.2, momentum: 0.9, nesterov: true, weight_decay: 1e-4)
                    schedule: step(step_size: 3, gamma: 0.5)
                    warmup: 1
                    accumulate: 2
                    grad_clip: 1.0
                    batch: 8
                    epochs: 6
                    augment: [hflip, vflip]
                  }
                }
                """);
        CliTest.Result r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        MetricsLog log = MetricsLog.readCsv(dir.resolve("run/metrics.csv"));
        // 15 batches per epoch, 2 per step: 7 steps per epoch; warm-up over the first epoch, then
        // 0.2 until epoch 3 and 0.1 after (the rate logged is the epoch's last step's).
        assertEquals(0.2, log.epochs().get(0).learningRate(), 1e-9);
        assertEquals(0.1, log.epochs().get(5).learningRate(), 1e-9);
        assertTrue(log.epochs().get(5).testAccuracy() > 0.8, r.out());
    }

    static final String RGB_MODEL = """
            model Colours {
              input image: [3, 8, 8]
              output logits = image -> conv(4, 3, pad: 1) -> relu -> global_avgpool -> flatten -> dense(3)
              train {
                optimizer: adam(lr: 0.05)
                batch: 8
                epochs: 3
                classes: CLASSES
              }
            }
            """;

    /**
     * Issue 17: the model's `classes` in another order than the folders' (alphabetical) gives the
     * labels by name, so a red image is predicted "red"; the names travel in the checkpoint, so
     * predict and eval name them right even for a model without `classes`.
     */
    @Test
    void theModelsClassOrderNamesTheFoldersByName(@TempDir Path dir) throws IOException {
        Random rnd = new Random(5);
        write(dir.resolve("data/train"), 40, rnd);
        write(dir.resolve("data/test"), 10, rnd);
        Path model = dir.resolve("colours.cnn");
        Files.writeString(model, RGB_MODEL.replace("CLASSES", "[\"red\", \"green\", \"blue\"]"));
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/.last.safetensors.tmp-5eed"), "a killed run's partial write");
        Files.writeString(dir.resolve("run/notes.tmp-5eed"), "not ours");
        CliTest.Result r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("removed 1 temporary file (.NAME.tmp-*) that a killed run left in "), r.out());
        assertTrue(Files.exists(dir.resolve("run/notes.tmp-5eed")));
        assertTrue(!Files.exists(dir.resolve("run/.last.safetensors.tmp-5eed")));
        assertEquals("[\"red\",\"green\",\"blue\"]", dev.cnnc.train.io.Safetensors.readHeader(
                dir.resolve("run/best.safetensors")).metadata().get("classes"));
        String weights = dir.resolve("run/best.safetensors").toString();
        CliTest.Result p = CliTest.run("predict", model.toString(), "--weights", weights, "--top", "1",
                dir.resolve("data/test/red/img0.png").toString(), dir.resolve("data/test/blue/img0.png").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().matches("(?s).*red/img0.png\n  1\\. red .*blue/img0.png\n  1\\. blue .*"), p.out());
        CliTest.Result e = CliTest.run("eval", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", weights);
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("top-1 100.00%"), e.out());
        assertTrue(e.out().contains("red      10     0     0"), e.out()); // rows in the model's order
        // a model file without `classes` still names the classes as they were trained, from the checkpoint
        Path plain = dir.resolve("plain.cnn");
        Files.writeString(plain, RGB_MODEL.replace("    classes: CLASSES\n", ""));
        p = CliTest.run("predict", plain.toString(), "--weights", weights, "--top", "1",
                dir.resolve("data/test/red/img0.png").toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("  1. red "), p.out());
        e = CliTest.run("eval", plain.toString(), "--data", dir.resolve("data").toString(), "--weights", weights);
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("top-1 100.00%"), e.out());
        // resuming with the labels in another order would change them mid-run
        r = CliTest.run("train", plain.toString(), "--data", dir.resolve("data").toString(), "--run-dir",
                dir.resolve("run").toString(), "--resume", "--epochs", "4");
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("was trained with the classes [red, green, blue] (in label order), but the data "
                + "now gives [blue, green, red]"), r.err());
    }

    /** Issue 17: the data's problems are found before any kernel is built, naming the folder or file. */
    @Test
    void inconsistentDataIsAnErrorBeforeTraining(@TempDir Path dir) throws IOException {
        Random rnd = new Random(6);
        write(dir.resolve("data/train"), 2, rnd);
        write(dir.resolve("data/test"), 1, rnd, 6);
        Path model = dir.resolve("colours.cnn");
        Files.writeString(model, RGB_MODEL.replace("CLASSES", "[\"red\", \"green\", \"yellow\"]"));
        CliTest.Result r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("the classes [red, green, yellow] do not match the class folders of "
                + dir.resolve("data/train") + " [blue, green, red]"), r.err());
        Files.writeString(model, RGB_MODEL.replace("CLASSES", "[\"red\", \"green\", \"blue\"]"));
        r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(dir.resolve("data/test/blue/img0.png") + ": the image is 6×6; the model expects "
                + "8×8"), r.err());
        assertTrue(!Files.exists(dir.resolve("run")), "nothing written");
        assertEquals("", r.out());
    }
}
