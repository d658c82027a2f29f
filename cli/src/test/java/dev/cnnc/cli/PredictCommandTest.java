package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cnnc predict` on image files agrees with `cnnc run` on the same pixels. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class PredictCommandTest {
    static final String MODEL = CliTest.ROOT.resolve("samples/lenet5_fashion_pytorch_recipe.cnn").toString();
    static final String WEIGHTS = RunCommandTest.FIX.resolve("weights.safetensors").toString();

    @Test
    void topClassesAndProbabilitiesMatchTheLogits(@TempDir Path dir) throws IOException {
        Random rnd = new Random(9);
        int n = 2;
        float[] pixels = new float[n * 28 * 28];
        String[] files = new String[n];
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = rnd.nextInt(256);
                    img.getRaster().setSample(x, y, 0, v);
                    pixels[i * 784 + y * 28 + x] = v / 255f;
                }
            }
            Path f = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            files[i] = f.toString();
        }
        Path x = dir.resolve("x.npy");
        Npy.write(x, HostTensor.ofFloats(new long[] {n, 1, 28, 28}, pixels));
        Path y = dir.resolve("y.npy");
        CliTest.Result run = CliTest.run("run", MODEL, "--weights", WEIGHTS, "--input", x.toString(), "--output",
                y.toString());
        assertEquals(0, run.code(), run.err());
        float[] logits = Npy.read(y).toFloatArray();
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", WEIGHTS, "--top", "2", files[0], files[1]);
        assertEquals(0, p.code(), p.err());
        for (int i = 0; i < n; i++) {
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int k = 0; k < 10; k++) {
                max = Math.max(max, logits[i * 10 + k]);
            }
            for (int k = 0; k < 10; k++) {
                sum += Math.exp(logits[i * 10 + k] - max);
                if (logits[i * 10 + k] > logits[i * 10 + best]) {
                    best = k;
                }
            }
            String line = String.format(Locale.ROOT, "  1. %-16s %6.2f%%", Integer.toString(best), 100 / sum);
            assertTrue(p.out().contains(files[i] + "\n" + line), "expected `" + line + "` in\n" + p.out());
        }
        assertEquals(2 * 3, p.out().lines().count(), p.out());
    }

    @Test
    void anImageOfTheWrongSizeIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", WEIGHTS, f.toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("big.png: the image is 32×32; the model expects 28×28"), p.err());
    }
}
