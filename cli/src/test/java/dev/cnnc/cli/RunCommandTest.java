package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weights and tensors move between PyTorch and cnnc unchanged: PyTorch's LeNet-5 state_dict,
 * batch and labels (made by resources/interop/make_lenet_fixture.py) give PyTorch's logits,
 * loss and gradients through `cnnc run`; `cnnc init` writes loadable, seeded weights.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class RunCommandTest {
    static final Path FIX = CliTest.ROOT.resolve("cli/src/test/resources/interop");
    static final String MODEL = CliTest.ROOT.resolve("stdlib/models/lenet5_fashion.cnn").toString();

    static double relative(double[] expected, double[] got) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < expected.length; i++) {
            d += (got[i] - expected[i]) * (got[i] - expected[i]);
            n += expected[i] * expected[i];
        }
        return Math.sqrt(d / n);
    }

    static Map<String, double[]> expected() throws IOException {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(FIX.resolve("expected.txt"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            double[] v = new double[f.length - 1];
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.parseDouble(f[i + 1]);
            }
            m.put(f[0], v);
        }
        return m;
    }

    @Test
    void pytorchWeightsGivePytorchLogits(@TempDir Path dir) {
        Path out = dir.resolve("logits.npy");
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--output", out.toString(), "--no-normalize");
        assertEquals(0, r.code(), r.err());
        HostTensor got = Npy.read(out);
        HostTensor want = Npy.read(FIX.resolve("logits.npy"));
        assertArrayEquals(want.shape(), got.shape());
        double err = relative(want.toDoubleArray(), got.toDoubleArray());
        assertTrue(err < 1e-5, "relative error " + err);
    }

    @Test
    void lossAndEveryGradientMatchPytorch(@TempDir Path dir) throws IOException {
        Path grads = dir.resolve("grads.safetensors");
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--labels", FIX.resolve("labels.npy").toString(),
                "--grads", grads.toString(), "--precision", "fp64", "--no-normalize");
        assertEquals(0, r.code(), r.err());
        Map<String, double[]> want = expected();
        StateDict got = Safetensors.read(grads);
        assertEquals(want.get("loss")[0], Double.parseDouble(got.metadata().get("loss")), 1e-6);
        assertEquals(10, got.size());
        for (String name : got.names()) {
            double err = relative(want.get(name), got.require(name).toDoubleArray());
            assertTrue(err < 1e-5, name + ": relative error " + err);
        }
    }

    @Test
    void initWritesSeededWeightsThatRunLoads(@TempDir Path dir) {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path c = dir.resolve("c.safetensors");
        assertEquals(0, CliTest.run("init", MODEL, "-o", a.toString(), "--seed", "1").code());
        assertEquals(0, CliTest.run("init", MODEL, "-o", b.toString(), "--seed", "1").code());
        assertEquals(0, CliTest.run("init", MODEL, "-o", c.toString(), "--seed", "2").code());
        StateDict da = Safetensors.read(a);
        assertEquals(List.of("c1.weight", "c1.bias", "c2.weight", "c2.bias", "f1.weight", "f1.bias", "f2.weight",
                "f2.bias", "f3.weight", "f3.bias"), List.copyOf(da.names()).stream().sorted((x, y) ->
                order(x) - order(y)).toList());
        assertArrayEquals(new long[] {6, 1, 5, 5}, da.require("c1.weight").shape());
        assertEquals(da.require("f1.weight"), Safetensors.read(b).require("f1.weight"));
        assertNotEquals(da.require("f1.weight"), Safetensors.read(c).require("f1.weight"));
        // PyTorch's default: U(±1/√fan_in), fan_in 400 for f1.
        for (double v : da.require("f1.weight").toDoubleArray()) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(400) + 1e-7, "f1.weight value " + v);
        }
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", a.toString(), "--input",
                FIX.resolve("x.npy").toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
    }

    /**
     * Issue 18, item 11: run applies the model's mean/std as train, eval and predict do; with
     * --no-normalize it passes the tensor as it is (PyTorch's module(x)). The two agree when the
     * test normalises the input itself, here in double arithmetic.
     */
    @Test
    void runNormalisesAsTrainingDoes(@TempDir Path dir) {
        HostTensor x = Npy.read(FIX.resolve("x.npy"));
        double[] v = x.toDoubleArray();
        float[] normalised = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            normalised[i] = (float) ((v[i] - 0.2860) / 0.3530); // lenet5_fashion.cnn's mean and std
        }
        Path xn = dir.resolve("xn.npy");
        Npy.write(xn, HostTensor.ofFloats(x.shape(), normalised));
        String weights = FIX.resolve("weights.safetensors").toString();
        CliTest.Result raw = CliTest.run("run", MODEL, "--weights", weights, "--input", FIX.resolve("x.npy").toString(),
                "--output", dir.resolve("raw.npy").toString());
        assertEquals(0, raw.code(), raw.err());
        assertTrue(raw.out().contains("input normalised with the model's mean/std"), raw.out());
        CliTest.Result asIs = CliTest.run("run", MODEL, "--weights", weights, "--input", xn.toString(), "--output",
                dir.resolve("asis.npy").toString(), "--no-normalize");
        assertEquals(0, asIs.code(), asIs.err());
        double err = relative(Npy.read(dir.resolve("asis.npy")).toDoubleArray(),
                Npy.read(dir.resolve("raw.npy")).toDoubleArray());
        assertTrue(err < 1e-5, "relative error " + err);
        double apart = relative(Npy.read(FIX.resolve("logits.npy")).toDoubleArray(),
                Npy.read(dir.resolve("raw.npy")).toDoubleArray());
        assertTrue(apart > 1e-3, "normalising changes the logits: " + apart);
    }

    private static int order(String name) {
        return List.of("c1.weight", "c1.bias", "c2.weight", "c2.bias", "f1.weight", "f1.bias", "f2.weight", "f2.bias",
                "f3.weight", "f3.bias").indexOf(name);
    }

    @Test
    void mismatchedInputsAndWeightsAreClearErrors(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.npy");
        Npy.write(bad, HostTensor.ofFloats(new long[] {2, 3, 28, 28}, new float[2 * 3 * 28 * 28]));
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", bad.toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("shape [2, 3, 28, 28] does not fit the model's input [N, 1, 28, 28]"), r.err());
        StateDict w = Safetensors.read(FIX.resolve("weights.safetensors"));
        w.remove("f3.bias");
        w.put("f3.weight", HostTensor.ofFloats(new long[] {10, 80}, new float[800]));
        Path broken = dir.resolve("broken.safetensors");
        Safetensors.write(broken, w);
        CliTest.Result s = CliTest.run("run", MODEL, "--weights", broken.toString(), "--input",
                FIX.resolve("x.npy").toString(), "--output", dir.resolve("y.npy").toString());
        assertEquals(1, s.code());
        assertTrue(s.err().contains("f3.bias"), s.err());
        assertTrue(s.err().contains("f3.weight: state dict has [10, 80], the model needs [10, 84]"), s.err());
        assertTrue(!s.err().contains("\tat "), s.err());
    }

    /** An fp64 run writes fp64 (NPY <f8, safetensors F64); an fp32 run fp32 (issue 17). */
    @Test
    void fp64RunsWriteFp64Outputs(@TempDir Path dir) throws IOException {
        Path grads = dir.resolve("grads.safetensors");
        Path y = dir.resolve("y.npy");
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--labels", FIX.resolve("labels.npy").toString(),
                "--grads", grads.toString(), "--output", y.toString(), "--precision", "fp64", "--no-normalize");
        assertEquals(0, r.code(), r.err());
        assertEquals(dev.cnnc.train.io.DType.F64, Npy.read(y).dtype());
        assertTrue(Files.readString(y, java.nio.charset.StandardCharsets.ISO_8859_1).contains("'descr': '<f8'"));
        StateDict got = Safetensors.read(grads);
        for (String name : got.names()) {
            assertEquals(dev.cnnc.train.io.DType.F64, got.require(name).dtype(), name);
        }
        Map<String, double[]> want = expected();
        double loss = Double.parseDouble(got.metadata().get("loss"));
        assertEquals(want.get("loss")[0], loss, 1e-6); // PyTorch's, in fp32
        assertTrue((float) loss != loss, "the fp64 loss is not rounded to fp32: " + loss);
        CliTest.Result f = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--output", y.toString());
        assertEquals(0, f.code(), f.err());
        assertEquals(dev.cnnc.train.io.DType.F32, Npy.read(y).dtype());
    }

    /** A 0-d input, float labels and a label of 2^40 are plain errors naming the file, not internal ones. */
    @Test
    void badInputsAndLabelsArePlainErrors(@TempDir Path dir) {
        Path scalar = dir.resolve("scalar.npy");
        Npy.write(scalar, HostTensor.ofFloats(new long[0], 1f));
        String w = FIX.resolve("weights.safetensors").toString();
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", w, "--input", scalar.toString(), "--output",
                dir.resolve("y.npy").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(scalar + ": a single number (a 0-d array)"), r.err());
        long n = Npy.read(FIX.resolve("x.npy")).dim(0);
        Path floats = dir.resolve("floats.npy");
        Npy.write(floats, HostTensor.ofFloats(new long[] {n}, new float[(int) n]));
        r = CliTest.run("run", MODEL, "--weights", w, "--input", FIX.resolve("x.npy").toString(), "--labels",
                floats.toString(), "--grads", dir.resolve("g.safetensors").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(floats + ": labels must be integers in [0, 10), found <f4"), r.err());
        long[] big = new long[(int) n];
        big[0] = 1L << 40;
        Path huge = dir.resolve("huge.npy");
        Npy.write(huge, HostTensor.ofLongs(new long[] {n}, big));
        r = CliTest.run("run", MODEL, "--weights", w, "--input", FIX.resolve("x.npy").toString(), "--labels",
                huge.toString(), "--grads", dir.resolve("g.safetensors").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(huge + ": label 1099511627776 (sample 0) is not in [0, 10)"), r.err());
    }
}
