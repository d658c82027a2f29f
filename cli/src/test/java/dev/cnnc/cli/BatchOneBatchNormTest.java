package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batchnorm after a dense layer sees one value per channel at batch 1: inference (running
 * statistics) works there, as in PyTorch's eval mode, and training is a located model error.
 */
@Tag("device")
class BatchOneBatchNormTest {
    private static final String MODEL = """
            model BnDense(classes = 10) {
              input x: [1, 28, 28]
              output y = x -> flatten -> dense(6) as fc1 -> batchnorm as bn -> relu -> dense(classes) as fc2
              train { optimizer: sgd(lr: 0.1) }
            }
            """;

    @Test
    void inferenceWorksAtBatchOneAndTrainingIsALocatedError(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("bn.cnn");
        Files.writeString(model, MODEL);
        Path weights = dir.resolve("w.safetensors");
        assertEquals(0, CliTest.run("init", model.toString(), "-o", weights.toString()).code());
        Path image = dir.resolve("a.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(3, 4, 0, 200);
        ImageIO.write(img, "png", image.toFile());

        CliTest.Result predict = CliTest.run("predict", model.toString(), "--weights", weights.toString(),
                image.toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("  1. "), predict.out());

        Path jar = dir.resolve("bn.jar");
        CliTest.Result compile = CliTest.run("compile", model.toString(), "--batch", "1", "-o", jar.toString());
        assertEquals(0, compile.code(), compile.err());
        assertTrue(Files.size(jar) > 0);

        CliTest.Result train = CliTest.run("train", model.toString(), "--batch", "1", "--data", "fashion-mnist",
                "--limit", "10", "--run-dir", dir.resolve("run").toString());
        assertEquals(1, train.code(), train.err());
        assertTrue(train.err().contains("bn.cnn:3:49: `batchnorm` bn cannot train at batch 1: it normalises each "
                + "channel of [6] over the batch"), train.err());
        assertFalse(train.err().contains("Exception"), train.err());

        CliTest.Result bench = CliTest.run("bench", model.toString(), "--batch", "1", "--train", "--iterations", "1");
        assertEquals(1, bench.code(), bench.err());
        assertTrue(bench.err().contains("cannot train at batch 1"), bench.err());
        CliTest.Result benchTwo = CliTest.run("bench", model.toString(), "--batch", "2", "--train", "--iterations",
                "1");
        assertEquals(0, benchTwo.code(), benchTwo.err());
    }
}
