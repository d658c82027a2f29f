package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Npy;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnc compile} makes a jar of a stdlib model that runs with plain {@code java -jar} in a
 * separate process, where no compiler class exists, and gives what the in-process compiler path
 * gives: logits, loss and gradients, a training run, predictions.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class CompileCommandTest {
    static final String MODEL = CliTest.ROOT.resolve("stdlib/models/lenet5_fashion.cnn").toString();
    static final Path FIX = RunCommandTest.FIX;

    @TempDir
    static Path shared;

    /** Batch 32 (the recipe's), fp32. */
    static Path jar;
    /** Batch 4 (the fixture's), fp64, -O0. */
    static Path jar4;

    @BeforeAll
    static void compile() {
        jar = shared.resolve("lenet.jar");
        CliTest.Result r = CliTest.run("compile", MODEL, "-o", jar.toString(), "--emit", "ir,cl,java");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("compiled LeNet5Fashion to " + jar), r.out());
        jar4 = shared.resolve("lenet4.jar");
        CliTest.Result r4 = CliTest.run("compile", MODEL, "-o", jar4.toString(), "--batch", "4", "--precision", "fp64",
                "-O0");
        assertEquals(0, r4.code(), r4.err());
    }

    record Proc(int code, String out, String err) {
    }

    /** {@code java -jar JAR args...} in a fresh JVM with no class path but the jar's. */
    static Proc java(Path jarFile, Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jarFile.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "java -jar timed out: " + cmd);
        return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void emitsReadableSourcesNextToTheJarAndIsDeterministic(@TempDir Path dir) throws IOException {
        for (String f : List.of("LeNet5Fashion.java", "LeNet5Fashion.cl", "LeNet5Fashion.ir.txt")) {
            assertTrue(Files.isRegularFile(shared.resolve(f)), f);
        }
        String java = Files.readString(shared.resolve("LeNet5Fashion.java"));
        assertTrue(java.contains("public static LeNet5Fashion open(String device)"), java);
        assertFalse(java.contains("dev.cnnc.compiler"), "generated code must not depend on the compiler");
        // c1's ReLU is fused into its store (fuse_epilogue): the IR shows the fused node and which
        // (shared) kernel each of c1's launches runs; that kernel stores max(·, 0).
        String ir = Files.readString(shared.resolve("LeNet5Fashion.ir.txt"));
        assertTrue(ir.contains("%relu1: f32[6, 28, 28] = conv("), ir);
        assertTrue(ir.contains("bias=true, fused_activation=relu)"), ir);
        Matcher launch = Pattern.compile(
                "(conv_implicit_forward_\\w{8})_forward\\[[^\n]*<- c1 forward").matcher(ir);
        assertTrue(launch.find(), ir);
        String cl = Files.readString(shared.resolve("LeNet5Fashion.cl"));
        int kernel = cl.indexOf("__kernel void " + launch.group(1) + "_forward(");
        assertTrue(kernel >= 0, cl);
        assertTrue(cl.substring(kernel, cl.indexOf("\n}\n", kernel)).contains("fmax("), "the ReLU in c1's store");
        Path again = dir.resolve("again.jar");
        assertEquals(0, CliTest.run("compile", MODEL, "-o", again.toString(), "--emit", "java").code());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(again), "same .cnn, same jar bytes");
        assertEquals(java, Files.readString(dir.resolve("LeNet5Fashion.java")));
        try (JarFile f = new JarFile(jar.toFile())) {
            assertFalse(f.stream().anyMatch(e -> e.getName().startsWith("dev/cnnc/compiler/")
                    || e.getName().startsWith("dev/cnnc/cli/") || e.getName().startsWith("org/antlr/")));
        }
    }

    @Test
    void separateProcessLogitsEqualTheInProcessPath(@TempDir Path dir) throws Exception {
        Path y1 = dir.resolve("jar.npy");
        Proc p = java(jar, dir, "run", "--weights", FIX.resolve("weights.safetensors").toString(), "--input",
                FIX.resolve("x.npy").toString(), "--output", y1.toString(), "--no-normalize");
        assertEquals(0, p.code(), p.err() + p.out());
        Path y2 = dir.resolve("cnnc.npy");
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--output", y2.toString(), "--no-normalize");
        assertEquals(0, r.code(), r.err());
        // Batch 32 with padding in the jar, batch 4 in-process: every logit is computed the same way.
        assertArrayEquals(Npy.read(y2).toFloatArray(), Npy.read(y1).toFloatArray());
        double err = RunCommandTest.relative(Npy.read(FIX.resolve("logits.npy")).toDoubleArray(),
                Npy.read(y1).toDoubleArray());
        assertTrue(err < 1e-5, "relative error against PyTorch " + err);
    }

    @Test
    void separateProcessGradientsEqualTheInProcessPath(@TempDir Path dir) throws Exception {
        Path g1 = dir.resolve("jar.safetensors");
        Proc p = java(jar4, dir, "run", "--weights", FIX.resolve("weights.safetensors").toString(), "--input",
                FIX.resolve("x.npy").toString(), "--labels", FIX.resolve("labels.npy").toString(), "--grads",
                g1.toString());
        assertEquals(0, p.code(), p.err() + p.out());
        Path g2 = dir.resolve("cnnc.safetensors");
        CliTest.Result r = CliTest.run("run", MODEL, "--weights", FIX.resolve("weights.safetensors").toString(),
                "--input", FIX.resolve("x.npy").toString(), "--labels", FIX.resolve("labels.npy").toString(),
                "--grads", g2.toString(), "--precision", "fp64");
        assertEquals(0, r.code(), r.err());
        StateDict a = Safetensors.read(g1);
        StateDict b = Safetensors.read(g2);
        assertEquals(b.metadata().get("loss"), a.metadata().get("loss"));
        assertEquals(10, a.size());
        for (String name : b.names()) {
            assertArrayEquals(b.require(name).toFloatArray(), a.require(name).toFloatArray(), name);
        }
        // The wrong batch for gradients is a clear error, not a crash.
        Proc wrong = java(jar, dir, "run", "--weights", FIX.resolve("weights.safetensors").toString(), "--input",
                FIX.resolve("x.npy").toString(), "--labels", FIX.resolve("labels.npy").toString(), "--grads",
                dir.resolve("no.safetensors").toString());
        assertEquals(1, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("compiled for batches of 32"), wrong.err());
        assertFalse(wrong.err().contains("\tat "), wrong.err());
        assertFalse(Files.exists(dir.resolve("no.safetensors")));
    }

    @Test
    void separateProcessTrainingEqualsCnncTrain(@TempDir Path dir) throws Exception {
        Proc p = java(jar, dir, "train", "--epochs", "1", "--limit", "640", "--test-limit", "200", "--run-dir", "jar");
        assertEquals(0, p.code(), p.err() + p.out());
        assertTrue(p.out().contains("epoch 1/1"), p.out());
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--limit", "640", "--test-limit", "200",
                "--run-dir", dir.resolve("cnnc").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(metrics(dir.resolve("cnnc")), metrics(dir.resolve("jar")));
        assertEquals(Files.readAllLines(dir.resolve("cnnc/steps.csv")),
                Files.readAllLines(dir.resolve("jar/steps.csv")));
        assertTrue(Files.size(dir.resolve("jar/metrics.png")) > 0, "the jar draws metrics.png (JFreeChart packed)");
        StateDict a = Safetensors.read(dir.resolve("jar/last.safetensors"));
        StateDict b = Safetensors.read(dir.resolve("cnnc/last.safetensors"));
        assertEquals(b.names(), a.names());
        for (String name : b.names()) {
            assertEquals(b.require(name), a.require(name), name);
        }
    }

    /**
     * A mixed-precision jar (fp16 activations, dynamic loss scaling) trains as {@code cnnc train
     * --precision mixed} does, bit for bit, and its program's activations are fp16 buffers.
     */
    @Test
    void mixedPrecisionJarTrainsAsCnncTrain(@TempDir Path dir) throws Exception {
        Path mixed = dir.resolve("mixed.jar");
        CliTest.Result c = CliTest.run("compile", MODEL, "-o", mixed.toString(), "--precision", "mixed", "--emit", "java");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains(", mixed, -O2"), c.out());
        assertTrue(Files.readString(dir.resolve("LeNet5Fashion.java")).contains(", true)); // #"),
                "the generated class declares fp16 buffers");
        Proc p = java(mixed, dir, "train", "--epochs", "1", "--limit", "320", "--test-limit", "100", "--run-dir", "jar");
        assertEquals(0, p.code(), p.err() + p.out());
        assertTrue(p.out().contains("loss scale dynamic(init: 65536"), p.out());
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--limit", "320", "--test-limit", "100",
                "--precision", "mixed", "--run-dir", dir.resolve("cnnc").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readAllLines(dir.resolve("cnnc/steps.csv")),
                Files.readAllLines(dir.resolve("jar/steps.csv")));
        StateDict a = Safetensors.read(dir.resolve("jar/last.safetensors"));
        StateDict b = Safetensors.read(dir.resolve("cnnc/last.safetensors"));
        for (String name : b.names()) {
            assertEquals(b.require(name), a.require(name), name);
        }
    }

    /** The jar's train takes {@code --weights} as cnnc's does (issue 18, item 14). */
    @Test
    void separateProcessTrainingStartsFromWeights(@TempDir Path dir) throws Exception {
        Path w = dir.resolve("start.safetensors");
        CliTest.Result init = CliTest.run("init", MODEL, "-o", w.toString(), "--seed", "4");
        assertEquals(0, init.code(), init.err());
        Proc p = java(jar, dir, "train", "--epochs", "1", "--limit", "64", "--test-limit", "64", "--run-dir", "jar",
                "--weights", w.toString());
        assertEquals(0, p.code(), p.err() + p.out());
        assertTrue(p.out().contains("loaded 10 of 10 tensors from " + w), p.out());
        Proc both = java(jar, dir, "train", "--run-dir", "jar", "--resume", "--weights", w.toString());
        assertEquals(2, both.code(), both.err() + both.out());
    }

    /** metrics.csv without the seconds column. */
    static List<String> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 6))).toList();
    }

    @Test
    void separateProcessPredictInfoAndErrors(@TempDir Path dir) throws Exception {
        Random rnd = new Random(3);
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, rnd.nextInt(256));
            }
        }
        Path png = dir.resolve("img.png");
        ImageIO.write(img, "png", png.toFile());
        String weights = FIX.resolve("weights.safetensors").toString();
        Proc p = java(jar, dir, "predict", "--weights", weights, "--top", "3", png.toString());
        assertEquals(0, p.code(), p.err());
        CliTest.Result r = CliTest.run("predict", MODEL, "--weights", weights, "--top", "3", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(r.out(), p.out());
        assertTrue(p.out().contains("%"), p.out());
        // Issue 18: a colour photo of another size is converted as by cnnc; a missing file is named and skipped
        BufferedImage photo = new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                photo.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        Path jpg = dir.resolve("photo.jpg");
        ImageIO.write(photo, "jpg", jpg.toFile());
        Path missing = dir.resolve("missing.png");
        p = java(jar, dir, "predict", "--weights", weights, jpg.toString(), missing.toString(), png.toString());
        assertEquals(1, p.code(), p.err());
        assertTrue(p.err().contains("predict: error: cannot read image " + missing + ": file not found (skipped)"),
                p.err());
        r = CliTest.run("predict", MODEL, "--weights", weights, jpg.toString(), missing.toString(), png.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals(r.out(), p.out());
        assertTrue(p.out().startsWith(jpg + "  (resized from 160×120 to 28×28; RGB converted to grey)\n"), p.out());

        Proc info = java(jar, dir, "info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("parameters          61,706 trainable"), info.out());
        assertTrue(info.out().contains("compiled artifact cnnc.generated.LeNet5Fashion (-O2, kernels for CPUs)"), info.out());

        Path bad = dir.resolve("bad.npy");
        Npy.write(bad, HostTensor.ofFloats(new long[] {2, 3, 28, 28}, new float[2 * 3 * 28 * 28]));
        Proc e = java(jar, dir, "run", "--weights", weights, "--input", bad.toString(), "--output",
                dir.resolve("y.npy").toString());
        assertEquals(1, e.code());
        assertTrue(e.err().contains("shape [2, 3, 28, 28] does not fit the model's input [N, 1, 28, 28]"), e.err());
        assertFalse(e.err().contains("\tat "), e.err());
        Proc usage = java(jar, dir, "frobnicate");
        assertEquals(2, usage.code(), usage.err());
        assertTrue(usage.err().contains("Did you mean: java -jar lenet.jar predict?"), usage.err());
    }

    @Test
    void typedApiForwardTrainStepSaveLoad(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                CompileCommandTest.class.getClassLoader())) {
            Class<?> c = Class.forName("cnnc.generated.LeNet5Fashion", true, loader);
            Method forward = c.getMethod("forward", float[].class);
            Method trainStep = c.getMethod("trainStep", float[].class, int[].class);
            float[] x = Npy.read(FIX.resolve("x.npy")).toFloatArray();
            try (AutoCloseable m = (AutoCloseable) c.getMethod("open", String.class).invoke(null, "cpu")) {
                c.getMethod("load", Path.class).invoke(m, FIX.resolve("weights.safetensors"));
                // PyTorch's module(x) takes x as it is: forwardNormalized; forward normalises raw images first
                Method forwardNormalized = c.getMethod("forwardNormalized", float[].class);
                float[] logits = (float[]) forwardNormalized.invoke(m, (Object) x);
                double err = RunCommandTest.relative(Npy.read(FIX.resolve("logits.npy")).toDoubleArray(),
                        toDoubles(logits));
                assertTrue(err < 1e-5, "relative error against PyTorch " + err);
                float[] xn = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    xn[i] = (float) ((x[i] - 0.2860) / 0.3530); // the model's mean and std
                }
                double same = RunCommandTest.relative(toDoubles((float[]) forwardNormalized.invoke(m, (Object) xn)),
                        toDoubles((float[]) forward.invoke(m, (Object) x)));
                assertTrue(same < 1e-5, "forward(x) = forwardNormalized((x - mean) / std): " + same);
                // Thirty steps on one batch of 32 learnable images (class k: a bright band at rows 2k..2k+2,
                // over noise) must fit it: the loss goes well down.
                Random rnd = new Random(1);
                float[] images = new float[32 * 784];
                int[] labels = new int[32];
                for (int i = 0; i < 32; i++) {
                    labels[i] = i % 10;
                    for (int j = 0; j < 784; j++) {
                        int row = j / 28;
                        images[i * 784 + j] = 0.2f * rnd.nextFloat() + (row / 2 == labels[i] + 4 ? 1f : 0f);
                    }
                }
                float first = (float) trainStep.invoke(m, images, labels);
                float last = first;
                for (int s = 0; s < 30; s++) {
                    last = (float) trainStep.invoke(m, images, labels);
                }
                assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
                Path saved = dir.resolve("w.safetensors");
                c.getMethod("save", Path.class).invoke(m, saved);
                float[] before = (float[]) forward.invoke(m, (Object) x);
                try (AutoCloseable fresh = (AutoCloseable) c.getMethod("open", String.class).invoke(null, "cpu")) {
                    c.getMethod("load", Path.class).invoke(fresh, saved);
                    assertArrayEquals(before, (float[]) forward.invoke(fresh, (Object) x));
                }
            }
        }
    }

    static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) throws java.io.IOException {
        CliTest.Result r = CliTest.run("compile", MODEL, "-o", dir.resolve("m.jar").toString(), "--emit", "asm");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--emit takes ir, cl and java, not `asm`"), r.err());
        CliTest.Result o = CliTest.run("compile", MODEL, "-o", dir.resolve("m.jar").toString(), "-O1");
        assertEquals(2, o.code());
        CliTest.Result p = CliTest.run("compile", MODEL, "-o", dir.resolve("m.jar").toString(), "--package", "a.int");
        assertEquals(2, p.code());
        assertTrue(p.err().contains("not a Java package name"), p.err());
        Files.writeString(dir.resolve("file"), "x");
        CliTest.Result underFile = CliTest.run("compile", MODEL, "-o", dir.resolve("file/m.jar").toString());
        assertEquals(2, underFile.code());
        assertTrue(underFile.err().contains("is a file, not a folder"), underFile.err());
        CliTest.Result intoFolder = CliTest.run("compile", MODEL, "-o", dir.toString());
        assertEquals(2, intoFolder.code());
        assertTrue(intoFolder.err().contains("is a folder; -o names the jar to write"), intoFolder.err());
        assertFalse(Files.exists(dir.resolve("m.jar")));
    }

    /** Issue 18, item 1: the README's own command writes into a folder that does not exist yet. */
    @Test
    void compileMakesTheOutputFolder(@TempDir Path dir) throws java.io.IOException {
        Path jar = dir.resolve("build/sub/lenet.jar");
        CliTest.Result r = CliTest.run("compile", MODEL, "-o", jar.toString(), "--emit", "java,cl,ir");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(jar), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("build/sub/LeNet5Fashion.cl")), r.out());
        Path bad = Files.writeString(dir.resolve("bad.cnn"), "model Bad {\n  input x: [1, 8, 8]\n  output y = x -> conv(4, 3\n}\n");
        CliTest.Result broken = CliTest.run("compile", bad.toString(), "-o", dir.resolve("never/m.jar").toString());
        assertEquals(1, broken.code(), broken.err());
        assertFalse(Files.exists(dir.resolve("never")), "a model with a mistake leaves no folder");
    }
}
