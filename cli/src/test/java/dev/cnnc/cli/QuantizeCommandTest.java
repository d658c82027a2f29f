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
        // a float loader names the file for what it is rather than listing mismatched tensors
        CliTest.Result t = CliTest.run("train", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", q.toString(), "--epochs", "1", "--run-dir", dir.resolve("run-q").toString());
        assertEquals(1, t.code(), t.err());
        assertTrue(t.err().contains("is an int8 model written by `cnnc quantize`"), t.err());
        assertNotNull(c1.outputScale());
        assertTrue(c1.outputScale() > 0 && c1.inputScale() > 0);
    }

    /** info --weights Q marks the layers that run in int8 and the batchnorm folded into one, in text and JSON. */
    @Test
    void infoShowsWhichLayersRunInInt8() {
        Path q = dir.resolve("q-info.safetensors");
        assertEquals(0, quantize("minmax", q).code());
        CliTest.Result r = CliTest.run("info", model.toString(), "--weights", q.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\nc1 +conv \\[int8\\] .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nbn1 +batchnorm \\[folded into c1\\] .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\nfc +dense \\[int8\\] .*"), r.out());
        assertTrue(r.out().contains("int8                2 layers (c1, fc), the rest in fp32"), r.out());
        CliTest.Result j = CliTest.run("info", model.toString(), "--weights", q.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"name\": \"c1\", \"op\": \"conv\"") && j.out().contains("\"runs_in\": \"int8\""),
                j.out());
        CliTest.Result f = CliTest.run("info", model.toString(), "--weights", weights.toString());
        assertEquals(Main.USAGE, f.code());
        assertTrue(f.err().contains("not a quantized model"), f.err());
    }

    /**
     * compile --weights puts the weights in the jar: with the quantized model the jar's eval (given
     * no --weights) reports what cnnc eval of the quantized file does and its train is refused; with
     * the float weights, its eval is cnnc eval's of the float file. (Jar sizes: docs/performance.md,
     * for a model whose weights outweigh the runtime.)
     */
    @Test
    void compileEmbedsTheQuantizedModel() throws Exception {
        Path q = dir.resolve("q-jar.safetensors");
        assertEquals(0, quantize("minmax", q).code());
        Path intJar = dir.resolve("int8.jar");
        Path floatJar = dir.resolve("float.jar");
        CliTest.Result c = CliTest.run("compile", model.toString(), "-o", intJar.toString(), "--weights", q.toString(),
                "--emit", "ir");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("int8: 2 layers"), c.out());
        String ir = Files.readString(dir.resolve("Colours.ir.txt"));
        assertTrue(ir.contains("  c1: int8 (input scale ") && ir.contains("  bn1: folded into c1")
                && ir.contains("  fc: int8 (input scale ") && ir.contains("output float)"), ir);
        CompileCommandTest.Proc info = CompileCommandTest.java(intJar, dir, "info");
        assertTrue(info.out().matches("(?s).*\\nc1 +conv \\[int8\\] .*"), info.out());
        assertEquals(0, CliTest.run("compile", model.toString(), "-o", floatJar.toString(), "--weights",
                weights.toString()).code());
        String data = dir.resolve("data").toString();
        for (Path[] pair : new Path[][] {{intJar, q}, {floatJar, weights}}) {
            CompileCommandTest.Proc p = CompileCommandTest.java(pair[0], dir, "eval", "--data", data, "--json");
            assertEquals(0, p.code(), p.err());
            CliTest.Result e = CliTest.run("eval", model.toString(), "--data", data, "--weights", pair[1].toString(),
                    "--json");
            assertEquals(0, e.code(), e.err());
            assertEquals(e.out().replaceAll("\"weights\": \"[^\"]*\"", ""),
                    p.out().replaceAll("\"weights\": \"[^\"]*\"", ""), pair[0].toString());
        }
        CompileCommandTest.Proc t = CompileCommandTest.java(intJar, dir, "train", "--data", data, "--epochs", "1");
        assertEquals(2, t.code(), t.out());
        assertTrue(t.err().contains("runs an int8 model"), t.err());
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(intJar.toFile())) {
            java.util.jar.JarEntry w = j.getJarEntry("cnnc/generated/Colours.weights.safetensors");
            assertNotNull(w, "the quantized model is in the jar");
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(q), j.getInputStream(w).readAllBytes()));
        }
        // a file that is not the model's is refused before a jar is written
        Path other = dir.resolve("other.safetensors");
        Files.write(other, new byte[] {1, 2, 3});
        CliTest.Result bad = CliTest.run("compile", model.toString(), "-o", dir.resolve("bad.jar").toString(),
                "--weights", other.toString());
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("other.safetensors"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad.jar")));
    }

    /** eval with the int8 model: the same test images, within a sample and a few percent of the float loss. */
    @Test
    void evalRunsTheInt8ModelCloseToTheFloatOne() {
        Path q = dir.resolve("q-eval.safetensors");
        assertEquals(0, quantize("minmax", q).code());
        CliTest.Result f = CliTest.run("eval", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", weights.toString(), "--json");
        CliTest.Result i = CliTest.run("eval", model.toString(), "--data", dir.resolve("data").toString(),
                "--weights", q.toString(), "--json");
        assertEquals(0, f.code(), f.err());
        assertEquals(0, i.code(), i.err());
        double lf = number(f.out(), "loss");
        double li = number(i.out(), "loss");
        assertTrue(Math.abs(lf - li) <= 0.05 * lf + 0.01, "float loss " + lf + ", int8 " + li);
        double af = number(f.out(), "top1");
        double ai = number(i.out(), "top1");
        assertTrue(Math.abs(af - ai) <= 1.0 / 18 + 1e-9, "float top-1 " + af + ", int8 " + ai);
        // bench times the same layers in int8 in an inference program
        CliTest.Result b = CliTest.run("bench", model.toString(), "--batch", "8", "--iterations", "2", "--int8",
                q.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("ms per step"), b.out());
        assertEquals(2, CliTest.run("bench", model.toString(), "--int8", q.toString(), "--train").code());
    }

    /**
     * A convolution fused with a residual add and ReLU runs in int8 with its epilogue in float; its
     * shortcut's producer and the dense layer in int8: eval close to the float model's.
     */
    @Test
    void aResidualLayerRunsInInt8WithItsAddInFloat() throws IOException {
        Path res = dir.resolve("residual.cnn");
        Files.writeString(res, """
                block Res(planes) {
                  input x
                  y = x -> conv(planes, 3, pad: 1, bias: false) as c1 -> batchnorm as b1
                  output out = add(y, x) -> relu
                }

                model ColoursRes {
                  input image: [3, 8, 8]
                  output logits = image -> conv(4, 3, pad: 1) as c0 -> relu -> Res(4) as r
                    -> global_avgpool -> flatten -> dense(3) as fc
                  train {
                    optimizer: adam(lr: 0.05)
                    batch: 8
                    epochs: 2
                  }
                }
                """);
        String data = dir.resolve("data").toString();
        CliTest.Result t = CliTest.run("train", res.toString(), "--data", data, "--run-dir",
                dir.resolve("run-res").toString());
        assertEquals(0, t.code(), t.err() + t.out());
        Path w = dir.resolve("run-res/best.safetensors");
        Path q = dir.resolve("q-res.safetensors");
        CliTest.Result qr = CliTest.run("quantize", res.toString(), "--data", data, "--weights", w.toString(),
                "--batch", "8", "--calibration", "4", "-o", q.toString());
        assertEquals(0, qr.code(), qr.err() + qr.out());
        assertTrue(qr.out().contains("batchnorm r.b1 folded in"), qr.out());
        CliTest.Result f = CliTest.run("eval", res.toString(), "--data", data, "--weights", w.toString(), "--json");
        CliTest.Result i = CliTest.run("eval", res.toString(), "--data", data, "--weights", q.toString(), "--json");
        assertEquals(0, i.code(), i.err());
        double lf = number(f.out(), "loss");
        double li = number(i.out(), "loss");
        assertTrue(Math.abs(lf - li) <= 0.05 * lf + 0.01, "float loss " + lf + ", int8 " + li);
    }

    private static double number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE]+)")
                .matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /**
     * run with the int8 model: its logits for one image equal the integer reference's pipeline
     * computed here (quantize, int8 convolution with the folded batchnorm, requantize with ReLU,
     * dequantize, average pool in float, quantize, int8 dense, real values), up to the pool's
     * float summation order, which may move the dense layer's input by one int8 step.
     */
    @Test
    void runGivesTheIntegerReferencesLogits() throws IOException {
        Path q = dir.resolve("q-run.safetensors");
        assertEquals(0, quantize("percentile", q).code());
        dev.cnnc.train.data.Dataset test = dev.cnnc.train.app.Runs.dataset(dir.resolve("data").toString(), null,
                false);
        float[] x = new float[3 * 8 * 8];
        test.copySample(0, x, 0);
        Path in = dir.resolve("x.npy");
        dev.cnnc.train.io.Npy.write(in, dev.cnnc.train.io.HostTensor.ofFloats(new long[] {1, 3, 8, 8}, x));
        Path out = dir.resolve("y.npy");
        CliTest.Result r = CliTest.run("run", model.toString(), "--weights", q.toString(), "--input", in.toString(),
                "--output", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        float[] got = dev.cnnc.train.io.Npy.read(out).toFloatArray();

        QuantizedModel qm = QuantizedModel.read(q);
        QuantizedLayer c1 = qm.layer("c1");
        QuantizedLayer fc = qm.layer("fc");
        byte[] xq = dev.cnnc.train.quant.Int8.quantize(x, c1.inputScale());
        dev.cnnc.train.quant.Int8Reference.Output o = dev.cnnc.train.quant.Int8Reference.conv2d(
                dev.cnnc.train.quant.Int8Reference.Conv2d.of(1, 3, 8, 8, 4, 3, 1, 1, 1, 1), xq, c1.inputScale(),
                c1.weight(), c1.bias(), c1.outputScale(), true);
        float[] y = dev.cnnc.train.quant.Int8.dequantize(o.values(), c1.outputScale());
        float[] pooled = new float[4];
        for (int c = 0; c < 4; c++) {
            double sum = 0;
            for (int p = 0; p < 64; p++) {
                sum += y[c * 64 + p];
            }
            pooled[c] = (float) (sum / 64);
        }
        byte[] pq = dev.cnnc.train.quant.Int8.quantize(pooled, fc.inputScale());
        int[] acc = dev.cnnc.train.quant.Int8Reference.denseAccumulators(1, 4, 3, pq, fc.weight().values(),
                fc.quantizedBias());
        float[] want = dev.cnnc.train.quant.Int8Reference.dequantize(acc, 3, 1, fc.inputScale(), fc.weight().scales());
        // one int8 step of the dense input moves a logit by at most s_x · Σ|w|·s_w over that input
        float[] ws = fc.weight().scales();
        byte[] wq = fc.weight().values();
        for (int j = 0; j < 3; j++) {
            double step = 0;
            for (int i = 0; i < 4; i++) {
                step = Math.max(step, fc.inputScale() * Math.abs(wq[j * 4 + i]) * ws[j]);
            }
            assertEquals(want[j], got[j], 4 * step + 1e-5, "logit " + j + ": " + java.util.Arrays.toString(got)
                    + " against " + java.util.Arrays.toString(want));
        }
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
