package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Json;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
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

    /** Issue 18: an image of another size is resized (bilinear) to the model's input, and says so. */
    @Test
    void anImageOfAnotherSizeIsResized(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png", f.toFile());
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", WEIGHTS, f.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().startsWith(f + "  (resized from 32×32 to 28×28)\n  1. "), p.out());
    }

    /**
     * Issue 18: a photo-sized pure red RGB PNG, for a 28×28 grey model, is predicted as the grey
     * plane of red's luma (0.299 everywhere) that `cnnc run` classifies.
     */
    @Test
    void aRedPhotoIsPredictedAsItsGreyLuma(@TempDir Path dir) throws IOException {
        Path photo = dir.resolve("red.png");
        ImageIO.write(ImageInputTest.filled(640, 480, BufferedImage.TYPE_INT_RGB, Color.RED), "png", photo.toFile());
        float[] luma = new float[28 * 28];
        Arrays.fill(luma, 0.299f);
        Path x = dir.resolve("x.npy");
        Npy.write(x, HostTensor.ofFloats(new long[] {1, 1, 28, 28}, luma));
        Path y = dir.resolve("y.npy");
        CliTest.Result run = CliTest.run("run", MODEL, "--weights", WEIGHTS, "--input", x.toString(), "--output",
                y.toString());
        assertEquals(0, run.code(), run.err());
        String line = topLine(Npy.read(y).toFloatArray(), 0, 10);
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", WEIGHTS, "--top", "1", photo.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals("", p.err());
        assertEquals(photo + "  (resized from 640×480 to 28×28; RGB converted to grey)\n" + line + "\n", p.out());
    }

    /** Issue 18: bad images are named on stderr with the reason and skipped; the good ones are predicted; exit 1. */
    @Test
    void badImagesAreSkippedAndNamed(@TempDir Path dir) throws IOException {
        Path good1 = dir.resolve("good1.png");
        ImageIO.write(ImageInputTest.filled(28, 28, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE), "png", good1.toFile());
        Path good2 = dir.resolve("good2.jpg");
        ImageIO.write(ImageInputTest.filled(50, 40, BufferedImage.TYPE_INT_RGB, Color.GRAY), "jpg", good2.toFile());
        Path text = dir.resolve("readme.png");
        Files.writeString(text, "not an image");
        Path cut = dir.resolve("cut.png");
        byte[] whole = Files.readAllBytes(good1);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path missing = dir.resolve("missing.png");
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", WEIGHTS, "--top", "2", good1.toString(),
                text.toString(), cut.toString(), missing.toString(), good2.toString());
        assertEquals(1, p.code(), p.err());
        assertTrue(p.err().contains("cnnc predict: error: cannot read image " + text + ": not a PNG, JPEG, BMP or GIF "
                + "image (skipped)"), p.err());
        assertTrue(p.err().contains("cannot read image " + cut + ": truncated or corrupt PNG data"), p.err());
        assertTrue(p.err().contains("cannot read image " + missing + ": file not found (skipped)"), p.err());
        assertEquals(3, p.err().lines().count(), p.err());
        assertTrue(p.out().matches("(?s)" + Pattern.quote(good1.toString()) + "\n  1\\. .*\n  2\\. .*\n"
                + Pattern.quote(good2 + "  (resized from 50×40 to 28×28; RGB converted to grey)") + "\n  1\\. .*\n"
                + "  2\\. .*\n"), p.out());
        CliTest.Result none = CliTest.run("predict", MODEL, "--weights", WEIGHTS, missing.toString());
        assertEquals(1, none.code());
        assertEquals("", none.out());
    }

    /**
     * Issue 18: --json prints only a JSON array, one object per image, with the class names that
     * the checkpoint stores (as a model trained on an image folder stores its folder names).
     */
    @Test
    void jsonHasTheCheckpointsClassNames(@TempDir Path dir) throws Exception {
        List<String> names = List.of("tee", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
                "bag", "boot \"high\"");
        StateDict d = Safetensors.read(Path.of(WEIGHTS));
        d.putMetadata(Checkpoints.CLASSES, Checkpoints.classesValue(names));
        Path named = dir.resolve("named.safetensors");
        Safetensors.write(named, d);
        Path a = dir.resolve("a.png");
        ImageIO.write(ImageInputTest.filled(28, 28, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE), "png", a.toFile());
        Path b = dir.resolve("b b.png");
        ImageIO.write(ImageInputTest.filled(100, 60, BufferedImage.TYPE_INT_ARGB, Color.BLUE), "png", b.toFile());
        CliTest.Result text = CliTest.run("predict", MODEL, "--weights", named.toString(), "--top", "3",
                a.toString(), b.toString());
        assertEquals(0, text.code(), text.err());
        CliTest.Result p = CliTest.run("predict", MODEL, "--weights", named.toString(), "--top", "3", "--json",
                a.toString(), b.toString());
        assertEquals(0, p.code(), p.err());
        assertEquals("", p.err());
        assertTrue(p.out().matches("(?s)\\[\n(  \\{\"file\":\"[^\"]+\",\"top\":\\[(\\{\"class\":\\d,\"name\":\"(\\\\.|[^\"\\\\])+\","
                + "\"probability\":[0-9.eE-]+\\},?){3}\\]\\},?\n){2}\\]\n"), p.out());
        List<?> images = (List<?>) Json.parse(p.out());
        assertEquals(2, images.size());
        List<String> lines = text.out().lines().toList();
        for (int i = 0; i < 2; i++) {
            Map<?, ?> o = (Map<?, ?>) images.get(i);
            assertEquals((i == 0 ? a : b).toString(), o.get("file"));
            List<?> top = (List<?>) o.get("top");
            assertEquals(3, top.size());
            for (int r = 0; r < 3; r++) {
                Map<?, ?> c = (Map<?, ?>) top.get(r);
                int k = ((Long) c.get("class")).intValue();
                assertEquals(names.get(k), c.get("name"));
                // the same ranking, names and probabilities as the text output
                String want = String.format(Locale.ROOT, "  %d. %-16s %6.2f%%", r + 1, names.get(k),
                        100 * (Double) c.get("probability"));
                assertEquals(want, lines.get(i * 4 + 1 + r));
            }
        }
    }

    /** "  1. 3                 87.65%": the top class of {@code k} logits at {@code offset}, as predict prints it. */
    static String topLine(float[] logits, int offset, int k) {
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, logits[offset + j]);
            if (logits[offset + j] > logits[offset + best]) {
                best = j;
            }
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(logits[offset + j] - max);
        }
        return String.format(Locale.ROOT, "  1. %-16s %6.2f%%", Integer.toString(best), 100 / sum);
    }

    /**
     * Issue 18: a model that declares `interpolation: nearest` is resized so by predict (the same
     * logits as `run` on the nearest-resized tensor), and says so; a wrong word is a located error.
     */
    @Test
    void aDeclaredInterpolationIsUsed(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("nearest.cnn");
        Files.writeString(model, Files.readString(Path.of(MODEL)).replace("  train {\n", "  train {\n"
                + "    interpolation: nearest\n"));
        BufferedImage img = new BufferedImage(14, 14, BufferedImage.TYPE_BYTE_GRAY);
        Random rnd = new Random(3);
        float[] small = new float[14 * 14];
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 14; x++) {
                int v = rnd.nextInt(256);
                img.getRaster().setSample(x, y, 0, v);
                small[y * 14 + x] = v / 255f;
            }
        }
        Path f = dir.resolve("small.png");
        ImageIO.write(img, "png", f.toFile());
        float[] big = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                big[y * 28 + x] = small[(y / 2) * 14 + x / 2]; // nearest, by hand: each pixel twice each way
            }
        }
        Path x = dir.resolve("x.npy");
        Npy.write(x, HostTensor.ofFloats(new long[] {1, 1, 28, 28}, big));
        CliTest.Result run = CliTest.run("run", model.toString(), "--weights", WEIGHTS, "--input", x.toString(),
                "--output", dir.resolve("y.npy").toString());
        assertEquals(0, run.code(), run.err());
        CliTest.Result p = CliTest.run("predict", model.toString(), "--weights", WEIGHTS, "--top", "1", "--json",
                f.toString());
        assertEquals(0, p.code(), p.err());
        float[] logits = Npy.read(dir.resolve("y.npy")).toFloatArray();
        int best = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logits.length; k++) {
            best = logits[k] > logits[best] ? k : best;
            max = Math.max(max, logits[k]);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double top = 1 / sum; // the softmax of the largest logit
        java.util.regex.Matcher m = Pattern.compile("\"class\":(\\d+),\"probability\":([0-9.eE-]+)").matcher(p.out());
        assertTrue(m.find(), p.out());
        assertEquals(best, Integer.parseInt(m.group(1)), "predict agrees with run on the nearest-resized tensor: "
                + p.out());
        assertEquals(top, Double.parseDouble(m.group(2)), 1e-5, "and in its probability: " + p.out());
        CliTest.Result note = CliTest.run("predict", model.toString(), "--weights", WEIGHTS, f.toString());
        assertTrue(note.out().startsWith(f + "  (resized from 14×14 to 28×28 (nearest))"), note.out());
        Files.writeString(model, Files.readString(model).replace("interpolation: nearest", "interpolation: bicubic"));
        CliTest.Result bad = CliTest.run("check", model.toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains(model + ":") && bad.err().contains("bicubic"), bad.err());
    }
}
