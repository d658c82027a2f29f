package dev.cnnc.cli;

import dev.cnnc.compiler.artifact.ArtifactCompiler;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.artifact.JarBuilder;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.io.AtomicFile;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc compile}: a model to a self-contained, runnable jar (generated host class,
 * OpenCL kernels, the runtime and JOCL); {@code --emit} also writes the IR, kernels and Java
 * next to it.
 */
@Command(name = "compile", description = "Compile a model to a runnable jar: java -jar model.jar "
        + "info|train|eval|predict|run.")
final class CompileCommand implements Callable<Integer> {
    private static final Set<String> EMITS = Set.of("ir", "cl", "java");

    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "JAR", description = "the jar to write")
    Path output;

    @Option(names = "--emit", split = ",", paramLabel = "KIND", description = "also write, next to the jar: ir (the IR "
            + "after each pass), cl (the OpenCL C), java (the generated host class)")
    List<String> emit = new ArrayList<>();

    @Option(names = "-O", paramLabel = "LEVEL", defaultValue = "2", description = "-O0: no graph passes and the OpenCL "
            + "compiler's optimisations off (for debugging kernels); -O2 (default): fusion passes, OpenCL optimiser on")
    int optLevel;

    @Option(names = "--batch", description = "batch size the kernels are specialised to (default: the train "
            + "section's)")
    Integer batch;

    @Option(names = "--precision", description = "fp32, fp64 or mixed (fp16 activations) (default: the train "
            + "section's)")
    String precision;

    @Option(names = "--target", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "the device kind the "
            + "kernels are chosen for: cpu (GEMMs for dense and convolutions) or gpu (direct kernels); either runs "
            + "anywhere (default: ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--checkpoint", description = "gradient checkpointing in the jar's training step: √n "
            + "segments, the rest recomputed in backward (less device memory, more work)")
    boolean checkpoint;

    @Option(names = "--package", defaultValue = "cnnc.generated", description = "package of the generated class "
            + "(default: ${DEFAULT-VALUE})")
    String packageName;

    @Option(names = "--weights", paramLabel = "FILE", description = "weights to put in the jar, which its eval, "
            + "predict and run then use when given none: a checkpoint or PyTorch state_dict (.safetensors; the "
            + "optimizer state is left out), or a quantized model from `cnnc quantize` (the jar then runs its layers "
            + "in int8, and only evaluates and predicts)")
    Path weights;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @picocli.CommandLine.Mixin
    TuneCacheOptions tuneCache;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        return TrainingSetup.guard("cnnc compile", err, () -> {
            long start = System.nanoTime();
            Set<String> kinds = new LinkedHashSet<>();
            for (String k : emit) {
                String kind = k.trim().toLowerCase(Locale.ROOT);
                if (!EMITS.contains(kind)) {
                    throw CommandFailure.usage("--emit takes ir, cl and java, not `" + k + "`");
                }
                kinds.add(kind);
            }
            if (!target.equals("cpu") && !target.equals("gpu")) {
                throw CommandFailure.usage("--target is cpu or gpu, not " + target);
            }
            if (optLevel != 0 && optLevel != 2) {
                throw CommandFailure.usage("-O is -O0 or -O2, not -O" + optLevel);
            }
            Path dir = output.toAbsolutePath().getParent();
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw CommandFailure.usage(output + ": " + dir + " is a file, not a folder");
            }
            if (Files.isDirectory(output)) {
                throw CommandFailure.usage(output + " is a folder; -o names the jar to write, e.g. " + output.resolve(
                        "model.jar"));
            }
            Graph g = TrainingSetup.compile(file, model, err);
            int batchN = batch != null ? batch : g.training().i("batch");
            Precision p = TrainingSetup.precision(precision != null ? precision : g.training().s("precision"));
            boolean quantized = false;
            Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8 = Map.of();
            if (weights != null) {
                if (!Files.isRegularFile(weights)) {
                    throw CommandFailure.usage(weights + ": no such file");
                }
                try {
                    quantized = dev.cnnc.train.Checkpoints.isQuantized(weights);
                    int8 = TrainingSetup.int8Layers(weights);
                } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                    throw CommandFailure.model(e.getMessage());
                }
                if (quantized && precision == null) {
                    p = Precision.FP32;
                }
            }
            ArtifactCompiler.Options options;
            try {
                options = new ArtifactCompiler.Options(batchN, p, optLevel, packageName, target.equals("gpu"),
                        checkpoint, int8);
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(e.getMessage());
            }
            ArtifactCompiler.Artifact a;
            try {
                a = ArtifactCompiler.compile(g, file.getFileName().toString(), options, tuneCache.source(err));
            } catch (dev.cnnc.compiler.codegen.CodegenException e) {
                if (weights == null) {
                    throw e;
                }
                throw CommandFailure.model(weights + ": " + e.getMessage());
            }
            Map<String, byte[]> entries = new java.util.TreeMap<>(a.entries());
            long weightBytes = 0;
            if (weights != null) {
                byte[] bytes = embeddedWeights(weights, quantized, a.binding());
                entries.put(options.packageName().replace('.', '/') + "/"
                        + dev.cnnc.compiler.artifact.HostCode.weightsResource(a.simpleName()), bytes);
                weightBytes = bytes.length;
            }
            Tuning tuning = a.tuning();
            try {
                Files.createDirectories(dir); // (after the model compiled: a mistake in it leaves no folder)
            } catch (java.io.IOException e) {
                throw CommandFailure.usage(output + ": cannot make the folder " + dir + ": " + e.getMessage());
            }
            JarBuilder.write(output, a.className(), entries);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "compiled %s to %s (%,d bytes) in %.2f s: batch %d, %s, -O%d, main class %s%n",
                    g.name(), output, Files.size(output), (System.nanoTime() - start) / 1e9, batchN,
                    p.name().toLowerCase(Locale.ROOT), optLevel, a.className());
            if (weights != null) {
                out.printf(Locale.ROOT, "  weights: %s (%,d bytes%s), used by eval, predict and run without "
                        + "--weights%n", weights, weightBytes, quantized ? ", int8: " + int8.size() + " layers" : "");
            }
            if (!tuning.gemms().isEmpty()) {
                out.printf(Locale.ROOT, "  GEMM tilings: %d shapes tuned for this machine's %s in %s (--emit ir lists "
                        + "each GEMM's)%n", tuning.gemms().size(), options.gpu() ? "GPU" : "CPU", tuneCache.path());
            }
            for (Map.Entry<String, Map.Entry<String, String>> e : ArtifactCompiler.emitted(a).entrySet()) {
                if (kinds.contains(e.getKey())) {
                    Path f = dir.resolve(e.getValue().getKey());
                    byte[] text = e.getValue().getValue().getBytes(StandardCharsets.UTF_8);
                    AtomicFile.write(f, ch -> ch.write(ByteBuffer.wrap(text)));
                    out.println("  wrote " + f);
                }
            }
            out.println("run it: java -jar " + output + " info   (or train, eval, predict, run; --help for each)");
            return Main.OK;
        });
    }

    /**
     * The bytes of the weights to put in the jar: a quantized model as it is (its format was
     * checked, its layers matched the model as it was lowered), a float file's weights without its
     * optimizer state, checked against the model first.
     */
    private static byte[] embeddedWeights(Path file, boolean quantized, dev.cnnc.train.ModelBinding binding) {
        try {
            if (quantized) {
                return Files.readAllBytes(file);
            }
            dev.cnnc.train.io.StateDict w = dev.cnnc.train.Checkpoints.checkedWeights(file, binding);
            Path tmp = Files.createTempFile("cnnc-weights", ".safetensors");
            try {
                dev.cnnc.train.io.Safetensors.write(tmp, w);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IllegalArgumentException e) {
            throw CommandFailure.model(e.getMessage());
        } catch (java.io.IOException e) {
            throw CommandFailure.usage(file + ": " + e.getMessage());
        }
    }
}
