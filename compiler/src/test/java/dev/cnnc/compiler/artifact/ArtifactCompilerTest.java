package dev.cnnc.compiler.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnc compile} without a device: the generated class, compiled by javac and loaded from
 * the jar, rebuilds exactly the binding and recipe the compiler lowered; the output is
 * byte-for-byte deterministic; nothing a {@code .cnn} file says can inject code.
 */
class ArtifactCompilerTest {
    /** Every kind of value the generated code writes: BN, dropout, strings, option maps, lists. */
    static final String MODEL = """
            model Net(classes = 4) {
              input x: [3, 12, 12]
              output y = x
                -> conv(8, 3, pad: 1, bias: false) as conv1 -> batchnorm as bn1 -> relu
                -> maxpool(2) -> dropout(0.25) -> flatten -> dense(classes) as fc
              train {
                loss: cross_entropy(label_smoothing: 0.1)
                optimizer: sgd(lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.0005)
                schedule: multistep(milestones: [2, 4], gamma: 0.5)
                warmup: 1
                batch: 6
                epochs: 5
                seed: 7
                grad_clip: 2.5
                loss_scale: dynamic(init: 1024, growth_interval: 3)
                augment: [hflip, random_crop(pad: 2), brightness(0.2)]
                mean: [0.5, 0.4, 0.3]
                std: [0.2, 0.25, 0.3]
                data: "some/folder"
                classes: ["cat", "dog", "bird", "fish"]
              }
            }
            """;

    static Graph graph(String name, String text) {
        Compilation c = new Compiler(List.of()).check(name, text, null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    static ArtifactCompiler.Artifact compile(String name, String text) {
        return ArtifactCompiler.compile(graph(name, text), name,
                new ArtifactCompiler.Options(graph(name, text).training().i("batch"), Precision.FP32, 2,
                        "cnnc.generated"));
    }

    /**
     * Models named like the generated class's fields or like Java's restricted identifiers: the
     * class gets another name, and its Java compiles (it did not: issue 17).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"NAME", "BATCH", "CLASSES", "SAMPLE_LENGTH", "FP64",
            "KERNELS", "INFO", "session", "var", "yield", "record", "sealed", "permits", "main"})
    void aModelNamedLikeAMemberOrARestrictedWordCompiles(String name, @TempDir Path dir) throws Exception {
        String text = "model " + name + " {\n  input x: [4]\n  output y = x -> dense(3)\n}\n";
        Graph g = graph("m.cnn", text);
        ArtifactCompiler.Artifact a = ArtifactCompiler.compile(g, "m.cnn",
                new ArtifactCompiler.Options(4, Precision.FP32, 2, "cnnc.generated"));
        assertEquals(name.equals("main") ? "main" : name + "_", a.simpleName());
        Class<?> c = load(a, dir); // javac compiled it, and it loads
        assertEquals(name, c.getField("NAME").get(null));
    }

    /** Packages a jar cannot add a class to are refused up front, by name. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"java", "java.lang", "dev.cnnc", "dev.cnnc.train"})
    void reservedPackagesAreRefused(String pkg) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ArtifactCompiler.Options(4, Precision.FP32, 2, pkg));
        assertTrue(e.getMessage().contains("`" + pkg + "`"), e.getMessage());
        new ArtifactCompiler.Options(4, Precision.FP32, 2, "devx.cnnc.train"); // a prefix of a word is fine
    }

    static Class<?> load(ArtifactCompiler.Artifact a, Path dir) throws Exception {
        Path jar = dir.resolve("model.jar");
        JarBuilder.write(jar, a.className(), a.entries());
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ArtifactCompilerTest.class.getClassLoader());
        return Class.forName(a.className(), true, loader);
    }

    /** Everything in a binding, arrays and argument types included. */
    static String describe(ModelBinding m) {
        StringBuilder b = new StringBuilder();
        b.append(m.name()).append(' ').append(m.batch()).append(' ').append(Arrays.toString(m.inputShape()))
                .append(' ').append(m.classes()).append(' ').append(m.input()).append(' ').append(m.logits())
                .append(' ').append(m.labels()).append(' ').append(m.loss()).append(' ').append(m.fp64()).append('\n');
        for (ModelBinding.ParamBinding p : m.params()) {
            b.append(p.name()).append(Arrays.toString(p.shape())).append(p.trainable()).append(p.floating())
                    .append(p.buffer()).append(' ').append(p.grad()).append(p.init()).append(p.initOptions())
                    .append('\n');
        }
        for (ModelBinding.StateBinding s : m.state()) {
            b.append(s.name()).append(Arrays.toString(s.shape())).append(s.buffer()).append('\n');
        }
        Program p = m.program();
        b.append(p.sourceName()).append('|').append(p.buildOptions()).append('|').append(p.source()).append('\n');
        p.buffers().forEach(x -> b.append(x).append('\n'));
        p.phases().forEach((name, launches) -> {
            b.append("phase ").append(name).append('\n');
            for (Program.Launch l : launches) {
                b.append(l.kernel()).append(Arrays.toString(l.global())).append(Arrays.toString(l.local()));
                l.args().forEach(a -> b.append(' ').append(a.getClass().getSimpleName()).append(':').append(a));
                b.append('\n');
            }
        });
        return b.toString();
    }

    static String describe(Recipe r) {
        return r.toString().replaceAll("\\[[DI]@[0-9a-f]+", "") + Arrays.toString(r.mean()) + Arrays.toString(r.std())
                + r.scheduleOptions().values().stream().map(v -> v.getClass().getSimpleName() + ":"
                + (v instanceof int[] a ? Arrays.toString(a) : v)).toList()
                + r.augment().stream().flatMap(s -> s.options().values().stream())
                .map(v -> v.getClass().getSimpleName() + ":" + v).toList();
    }

    /**
     * A chain of 401 layers (201 dense layers with their parameters): its tables of buffers,
     * launches and parameters are split into methods of bounded size held by nested classes, each
     * with a constant pool of its own, and the class still rebuilds the lowered binding exactly.
     * (A chain of 10,002 layers failed with "too many constants", and then, split, with "code too
     * large" for the optimizer's long launches: issue 17. This smaller model takes the same paths
     * in a fraction of the time.)
     */
    @Test
    void aLongModelsTablesAreSplitAcrossNestedClasses(@TempDir Path dir) throws Exception {
        String text = """
                block L {
                  input x
                  output y = x -> dense(4) -> relu
                }
                model Long {
                  input x: [4]
                  output y = x -> L * 200 -> dense(2)
                  train { batch: 2 }
                }
                """;
        ArtifactCompiler.Artifact a = compile("long.cnn", text);
        Class<?> c = load(a, dir);
        ModelBinding generated = (ModelBinding) c.getMethod("binding").invoke(null);
        assertEquals(describe(a.binding()), describe(generated));
        assertEquals(402, a.binding().params().size());
        assertTrue(a.entries().keySet().stream().anyMatch(e -> e.contains("$Chunks$")), a.entries().keySet()::toString);
    }

    @Test
    void generatedClassRebuildsTheLoweredBindingAndRecipe(@TempDir Path dir) throws Exception {
        ArtifactCompiler.Artifact a = compile("net.cnn", MODEL);
        Class<?> c = load(a, dir);
        ModelBinding generated = (ModelBinding) c.getMethod("binding").invoke(null);
        Recipe recipe = (Recipe) c.getMethod("recipe").invoke(null);
        assertEquals(describe(a.binding()), describe(generated));
        assertEquals(describe(a.recipe()), describe(recipe));
        assertEquals(List.of("cat", "dog", "bird", "fish"), recipe.classes());
        assertEquals(6, c.getField("BATCH").getInt(null));
        assertEquals(4, c.getField("CLASSES").getInt(null));
        assertEquals(3 * 12 * 12, c.getField("SAMPLE_LENGTH").getInt(null));
        assertArrayEquals(new int[] {3, 12, 12}, (int[]) c.getMethod("inputShape").invoke(null));
        // The typed API.
        assertTrue(Modifier.isStatic(c.getMethod("open", String.class).getModifiers()));
        assertEquals(float[].class, c.getMethod("forward", float[].class).getReturnType());
        assertEquals(float.class, c.getMethod("trainStep", float[].class, int[].class).getReturnType());
        c.getMethod("save", Path.class);
        c.getMethod("load", Path.class);
        c.getMethod("main", String[].class);
        // The recipe still makes a run configuration (schedule, augmentations) at run time.
        assertEquals(5, recipe.config(5, 7, 0.05, 0, 0).epochs());
        assertEquals(new dev.cnnc.train.optim.LossScaler.Settings("dynamic", 1024, 2, 0.5, 3),
                recipe.config(5, 7, 0.05, 0, 0).lossScale());
    }

    @Test
    void theJarHoldsTheRuntimeButNoCompiler(@TempDir Path dir) throws Exception {
        ArtifactCompiler.Artifact a = compile("net.cnn", MODEL);
        Path jar = dir.resolve("model.jar");
        JarBuilder.write(jar, a.className(), a.entries());
        try (JarFile f = new JarFile(jar.toFile())) {
            assertEquals("cnnc.generated.Net", f.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> names = f.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.contains("cnnc/generated/Net.class"));
            assertTrue(names.contains("cnnc/generated/Net.cl"));
            assertTrue(names.contains("cnnc/generated/Net.info.txt"));
            assertTrue(names.contains("dev/cnnc/runtime/opencl/Executor.class"));
            assertTrue(names.contains("dev/cnnc/train/app/ModelApp.class"));
            assertTrue(names.contains("org/jocl/CL.class"));
            assertTrue(names.contains("lib/libJOCL_2_0_5-linux-x86_64.so"));
            assertTrue(names.contains("picocli/CommandLine.class"));
            assertFalse(names.stream().anyMatch(n -> n.startsWith("dev/cnnc/compiler/") || n.startsWith("org/antlr/")
                    || n.startsWith("com/squareup/")), names.toString());
        }
    }

    @Test
    void compilationIsDeterministic(@TempDir Path dir) throws Exception {
        ArtifactCompiler.Artifact a = compile("net.cnn", MODEL);
        ArtifactCompiler.Artifact b = compile("net.cnn", MODEL);
        assertEquals(a.java(), b.java());
        assertEquals(a.kernels(), b.kernels());
        assertEquals(a.ir(), b.ir());
        assertEquals(a.entries().keySet(), b.entries().keySet());
        a.entries().forEach((k, v) -> assertArrayEquals(v, b.entries().get(k), k));
        JarBuilder.write(dir.resolve("a.jar"), a.className(), a.entries());
        JarBuilder.write(dir.resolve("b.jar"), b.className(), b.entries());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.jar")), Files.readAllBytes(dir.resolve("b.jar")));
    }

    @Test
    void irShowsEveryPass() {
        ArtifactCompiler.Artifact a = compile("net.cnn", MODEL);
        assertTrue(a.ir().contains("## pass 1: front end"), a.ir());
        assertTrue(a.ir().contains("## pass 2: graph passes (-O2: fuse_epilogue, fuse_relu, fuse_batchnorm_statistics, "
                + "fuse_elementwise)"), a.ir());
        assertTrue(a.ir().contains("### pass 2.2: fuse_relu"), a.ir());
        assertTrue(a.ir().contains("## pass 2e: graph passes of the evaluation phase, forward_inference "
                + "(fold_batchnorm, fuse_epilogue, fuse_relu, fuse_elementwise)"), a.ir());
        assertTrue(a.ir().contains("folded_batchnorm=bn1(eps=1.0E-5, affine=true), fused_activation=relu)"), a.ir());
        assertTrue(a.ir().contains("= batchnorm(%conv1; eps=1.0E-5, momentum=0.1, affine=true, fused_relu=true)"),
                a.ir());
        assertTrue(a.ir().contains("## pass 3: lowering"), a.ir());
        assertTrue(a.ir().contains("phase backward"), a.ir());
        assertTrue(a.ir().contains("conv1.weight"), a.ir());
        // kernels are shared between layers: the IR maps each launch to its node, the source names the
        // template and the constants of each kernel
        assertTrue(a.ir().contains("<- conv1 forward"), a.ir());
        assertTrue(a.ir().contains("<- conv1 backward"), a.ir());
        assertTrue(a.kernels().contains("/* conv_implicit_forward: C=3 "), a.kernels());
    }

    @Test
    void optimisationLevelZeroTurnsOffTheOpenClOptimiser() {
        Graph g = graph("net.cnn", MODEL);
        ArtifactCompiler.Artifact o0 = ArtifactCompiler.compile(g, "net.cnn",
                new ArtifactCompiler.Options(6, Precision.FP32, 0, "cnnc.generated"));
        assertEquals("-cl-opt-disable", o0.binding().program().buildOptions());
        assertFalse(o0.ir().contains("fused_relu"), "-O0 runs no graph pass");
        assertTrue(o0.java().contains("\"-cl-opt-disable\""));
    }

    @Test
    void targetChoosesTheKernels() {
        Graph g = graph("net.cnn", MODEL);
        ArtifactCompiler.Artifact cpu = ArtifactCompiler.compile(g, "net.cnn",
                new ArtifactCompiler.Options(6, Precision.FP32, 2, "cnnc.generated", false));
        ArtifactCompiler.Artifact gpu = ArtifactCompiler.compile(g, "net.cnn",
                new ArtifactCompiler.Options(6, Precision.FP32, 2, "cnnc.generated", true));
        assertTrue(Pattern.compile("conv_implicit_forward_[0-9a-f]{8}_forward\\[[^\n]*<- conv1 forward").matcher(cpu.ir())
                .find(), "CPUs: the conv is an implicit GEMM");
        assertFalse(gpu.ir().contains("_gemm"), "GPUs: the direct kernels");
        assertTrue(Pattern.compile("conv2d_[0-9a-f]{8}_forward\\[[^\n]*<- conv1 forward").matcher(gpu.ir()).find(),
                gpu.ir());
        assertTrue(gpu.info().contains("kernels for GPUs"), gpu.info());
    }

    @Test
    void checkpointingRecomputesInTheJarsBackward(@TempDir Path dir) throws Exception {
        Graph g = graph("net.cnn", MODEL);
        ArtifactCompiler.Artifact plain = ArtifactCompiler.compile(g, "net.cnn",
                new ArtifactCompiler.Options(6, Precision.FP32, 2, "cnnc.generated", false, false));
        ArtifactCompiler.Artifact ckpt = ArtifactCompiler.compile(g, "net.cnn",
                new ArtifactCompiler.Options(6, Precision.FP32, 2, "cnnc.generated", false, true));
        assertTrue(ckpt.binding().program().phases().get("backward").size()
                > plain.binding().program().phases().get("backward").size());
        assertTrue(ckpt.binding().program().buffers().stream().anyMatch(b -> b.name().startsWith("recomputed.")));
        assertTrue(ckpt.info().matches("(?s).*  gradient checkpointing: 2 segments, \\d+ activations kept, recomputes "
                + "\\d+\\.\\d% of the forward FLOPs\n.*"), ckpt.info());
        assertFalse(plain.info().contains("checkpointing"), plain.info());
        Class<?> c = load(ckpt, dir);
        assertEquals(describe(ckpt.binding()), describe((ModelBinding) c.getMethod("binding").invoke(null)));
    }

    /** Strings that would break out of a Java or C string or comment, or be read as JavaPoet/format syntax. */
    static final List<String> EVIL = List.of(
            "\"; static { System.exit(3); } //",
            "*/ static { System.exit(4); } /*",
            "\\u0022 + System.exit(5) + \\u0022",
            "line\nbreak\t$L $S $T $N %s %n {@code x} <b>",
            "\\",
            "");

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }

    @Test
    void nothingInTheCnnFileCanInjectCode(@TempDir Path dir) throws Exception {
        String text = """
                model class(classes = 6) {
                  input x: [1, 6, 6]
                  output y = x -> conv(2, 3) as conv -> relu -> flatten -> dense(classes) as System
                  train {
                    batch: 2
                    data: %s
                    classes: [%s]
                  }
                }
                """.formatted(quoted(EVIL.get(1)), String.join(", ", EVIL.stream().map(ArtifactCompilerTest::quoted)
                .toList()));
        String fileName = "evil */ \\u000a \" $S %s {@link x}.cnn";
        ArtifactCompiler.Artifact a = ArtifactCompiler.compile(graph(fileName, text), fileName,
                new ArtifactCompiler.Options(2, Precision.FP32, 2, "cnnc.generated"));
        assertEquals("cnnc.generated.class_", a.className(), "a Java keyword is mangled");
        Class<?> c = load(a, dir);
        Recipe r = (Recipe) c.getMethod("recipe").invoke(null);
        assertEquals(EVIL, r.classes(), "every string arrives unchanged, as data");
        assertEquals(EVIL.get(1), r.data());
        assertEquals("class", c.getField("NAME").get(null));
        // No member beyond those of a plain model: nothing was injected.
        ArtifactCompiler.Artifact plain = compile("net.cnn", MODEL);
        Class<?> p = load(plain, Files.createDirectory(dir.resolve("plain")));
        assertEquals(names(p.getDeclaredMethods()), names(c.getDeclaredMethods()));
        assertEquals(p.getDeclaredFields().length, c.getDeclaredFields().length);
        assertEquals(0, c.getDeclaredClasses().length);
        for (String s : List.of("System.exit", "{@link x}", "\\u000a")) {
            assertFalse(a.kernels().contains(s), s);
        }
        // The file name reaches comments only in a neutralised form.
        assertFalse(a.java().contains("evil */"), "a comment end from the file name");
        assertTrue(a.java().contains("evil * /"), a.java().lines().limit(3).toList().toString());
    }

    static List<String> names(Method[] methods) {
        return Arrays.stream(methods).map(Method::getName).sorted().toList();
    }

    @Test
    void modelNamesThatClashWithImportedTypesStillCompile(@TempDir Path dir) throws Exception {
        for (String name : List.of("Program", "List", "String", "Map")) {
            String text = MODEL.replace("model Net(", "model " + name + "(");
            ArtifactCompiler.Artifact a = compile(name + ".cnn", text);
            Class<?> c = load(a, Files.createDirectory(dir.resolve(name)));
            assertEquals("cnnc.generated." + name, c.getName());
            assertEquals(name, c.getField("NAME").get(null));
        }
    }

    @Test
    void javaNames() {
        assertEquals("LeNet5", JavaNames.className("LeNet5"));
        assertEquals("class_", JavaNames.className("class"));
        assertEquals("Model_3net", JavaNames.className("3net"));
        assertEquals("__", JavaNames.className("_"));
        assertEquals("* / x / * y?/u0022", JavaNames.comment("*/ x /* y\n\\u0022"));
        assertEquals("ForwardInference", JavaNames.camel("forward_inference"));
        assertEquals("a.b.c", JavaNames.packageName("a.b.c"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JavaNames.packageName("a.class"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ArtifactCompiler.Options(1, Precision.FP32, 1, "p"));
    }
}
