package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.quant.QuantizedLayer;
import dev.cnnc.train.quant.QuantizedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnc quantize} (issue 19): a trained conv → batchnorm → relu → dense model is calibrated
 * on its training images and written as per-channel int8 weights with the batchnorm folded in,
 * checked here against the float file by an independent fold in double precision and against
 * the calibration data itself.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class QuantizeCommandTest {
    private static final String MODEL = """
            model Colours {
              input image: [3, 8, 8]
              output logits = image -> conv(4, 3, pad: 1) as c1 -> batchnorm as bn1 -> relu
                -> global_avgpool -> flatten -> dense(3) as fc
              train {
                optimizer: adam(lr: 0.05)
                batch: 8
                epochs: 2
              }
            }
            """;

    @TempDir
    static Path dir;
    static Path model;
    static Path weights;

    @BeforeAll
    static void train() throws IOException {
        Random rnd = new Random(11);
        ImageFolderTrainTest.write(dir.resolve("data/train"), 24, rnd);
        ImageFolderTrainTest.write(dir.resolve("data/test"), 6, rnd);
        model = dir.resolve("colours.cnn");
        Files.writeString(model, MODEL);
        CliTest.Result r = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--run-dir", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        weights = dir.resolve("run/best.safetensors");
    }

    private static CliTest.Result quantize(String method, Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("quantize", model.toString(),
                "--data", dir.resolve("data").toString(), "--weights", weights.toString(), "--batch", "8",
                "--calibration", "4", "--method", method, "-o", out.toString()));
        args.addAll(java.util.List.of(more));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void writesPerChannelInt8WeightsWithTheBatchnormFoldedIn() throws IOException {
        Path q = dir.resolve("q.safetensors");
        CliTest.Result r = quantize("minmax", q);
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("batchnorm bn1 folded in"), r.out());
        QuantizedModel qm = QuantizedModel.read(q);
        assertEquals(2, qm.layers().size(), qm.toString());
        StateDict f = Safetensors.read(weights);
        // bn1's tensors went into c1; none of the float layers' tensors is kept
        assertTrue(qm.others().isEmpty(), qm.others().keySet().toString());
        assertEquals("[\"blue\",\"green\",\"red\"]", qm.metadata().get("classes"));

        // c1: w' = w·γ/√(var+ε), b' = (b − mean)·γ/√(var+ε) + β, in double, then int8 per channel
        QuantizedLayer c1 = qm.layer("c1");
        float[] w = f.require("c1.weight").toFloatArray();
        float[] b = f.require("c1.bias").toFloatArray();
        float[] gamma = f.require("bn1.weight").toFloatArray();
        float[] beta = f.require("bn1.bias").toFloatArray();
        float[] mean = f.require("bn1.running_mean").toFloatArray();
        float[] var = f.require("bn1.running_var").toFloatArray();
        float[] deq = c1.weight().dequantize();
        int per = w.length / 4;
        for (int o = 0; o < 4; o++) {
            double k = gamma[o] / Math.sqrt(var[o] + 1e-5);
            double amax = 0;
            for (int i = 0; i < per; i++) {
                amax = Math.max(amax, Math.abs(w[o * per + i] * k));
            }
            double scale = amax / 127;
            assertEquals(scale, c1.weight().scales()[o], scale * 1e-6, "channel " + o);
            for (int i = 0; i < per; i++) {
                assertEquals(w[o * per + i] * k, deq[o * per + i], scale / 2 * (1 + 1e-6), "c1 weight " + o + "," + i);
            }
            assertEquals((b[o] - mean[o]) * k + beta[o], c1.bias()[o], 1e-5 * (1 + Math.abs(c1.bias()[o])));
        }
        // the dense layer makes the logits: its output stays float, so it has no output scale
        assertNull(qm.layer("fc").outputScale());
        // until int8 inference is built, a float command names the file for what it is
        CliTest.Result e = CliTest.run("eval", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", q.toString());
        assertEquals(1, e.code(), e.err());
        assertTrue(e.err().contains("is an int8 model written by `cnnc quantize`"), e.err());
        assertNotNull(c1.outputScale());
        assertTrue(c1.outputScale() > 0 && c1.inputScale() > 0);
    }

    @Test
    void theInputsRangeIsTheLargestPixelOfTheCalibrationBatches() throws IOException {
        // minmax over the first 4 batches of 8 (not shuffled: the folders' order) of the
        // training images, which the model takes unnormalised (no mean/std in its recipe): the
        // largest pixel value of those 32 images, read here from the PNG files.
        Path q = dir.resolve("q-in.safetensors");
        CliTest.Result r = quantize("minmax", q);
        assertEquals(0, r.code(), r.err() + r.out());
        dev.cnnc.train.data.Dataset train = dev.cnnc.train.app.Runs.dataset(dir.resolve("data").toString(), null,
                true);
        float max = 0;
        float[] sample = new float[3 * 8 * 8];
        for (int i = 0; i < 32; i++) {
            train.copySample(i, sample, 0);
            for (float v : sample) {
                max = Math.max(max, Math.abs(v));
            }
        }
        assertEquals(max / 127f, QuantizedModel.read(q).layer("c1").inputScale(), max / 127f * 1e-6);
    }

    @Test
    void everyMethodWritesAFileAndThePercentileClipsNoMoreThanMinmax() {
        float minmax = 0;
        for (String m : new String[] {"minmax", "percentile", "entropy"}) {
            Path q = dir.resolve("q-" + m + ".safetensors");
            CliTest.Result r = quantize(m, q);
            assertEquals(0, r.code(), m + ": " + r.err() + r.out());
            assertTrue(r.out().contains("method " + m), r.out());
            float s = QuantizedModel.read(q).layer("c1").outputScale();
            if (m.equals("minmax")) {
                minmax = s;
            } else {
                assertTrue(s <= minmax * (1 + 1e-6), m + ": " + s + " > minmax " + minmax);
            }
        }
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing() throws IOException {
        Path q = dir.resolve("nothing.safetensors");
        CliTest.Result r = quantize("median", q);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("unknown calibration method 'median'"), r.err());
        r = quantize("minmax", dir.resolve("no/such/folder/q.safetensors"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no folder"), r.err());
        Path other = dir.resolve("other.safetensors");
        Safetensors.write(other, java.util.Map.of("c1.weight", dev.cnnc.train.io.HostTensor.ofFloats(new long[] {1},
                1f)));
        java.util.List<String> args = java.util.List.of("quantize", model.toString(), "--data",
                dir.resolve("data").toString(), "--weights", other.toString(), "-o", q.toString());
        r = CliTest.run(args.toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("c1.weight"), r.err());
        assertFalse(r.err().contains("\tat "), r.err()); // no stack trace
        assertFalse(Files.exists(q));
    }
}
