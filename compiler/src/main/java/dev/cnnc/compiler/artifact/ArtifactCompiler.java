package dev.cnnc.compiler.artifact;

import dev.cnnc.compiler.analysis.ModelReport;
import dev.cnnc.compiler.analysis.ReportFormat;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.driver.CheckpointPolicy;
import dev.cnnc.compiler.driver.Pipeline;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.driver.TuningSource;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code cnnc compile}: a checked classifier to a runnable jar. The program is the
 * {@link Pipeline}'s (built for a device kind, {@code --target}), each step visible in the IR
 * dump: the front end (elaboration, shape inference), the graph passes of {@code -O2}
 * ({@link Passes}), lowering (autodiff, the loss, the optimizer step, buffers, kernel launches
 * per phase); then host code generation and packing.
 * The sources it makes (Java, OpenCL C, IR text) depend only on the model and the options.
 */
public final class ArtifactCompiler {
    private ArtifactCompiler() {
    }

    /**
     * @param batch       samples per run (the kernels are specialised to it)
     * @param precision   fp32 or fp64
     * @param optLevel    0: no graph passes, the OpenCL compiler's optimisations off
     *                    ({@code -cl-opt-disable}); 2: {@link Passes#optimize} and the OpenCL optimiser
     * @param packageName the generated class's package
     * @param gpu         kernels for GPUs (the direct ones) instead of CPUs (GEMMs): see
     *                    {@link Lowering.Options#matrixKernels}
     * @param checkpoint  gradient checkpointing in the training step, √n segments ({@link Checkpointing})
     * @param int8        the layers a quantized model runs in int8 (its evaluation and inference; the
     *                    jar then does not train), by name; empty: none
     */
    public record Options(int batch, Precision precision, int optLevel, String packageName, boolean gpu,
                          boolean checkpoint, Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8) {
        public Options {
            int8 = Map.copyOf(int8);
            if (!int8.isEmpty() && precision != Precision.FP32) {
                throw new IllegalArgumentException("a quantized model compiles in fp32 (its int8 layers are "
                        + "integer), not " + precision.word());
            }
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
            }
            Objects.requireNonNull(precision, "precision");
            if (optLevel != 0 && optLevel != 2) {
                throw new IllegalArgumentException("the optimisation level is 0 or 2, got " + optLevel);
            }
            JavaNames.packageName(packageName);
        }

        /** Without int8 layers. */
        public Options(int batch, Precision precision, int optLevel, String packageName, boolean gpu,
                       boolean checkpoint) {
            this(batch, precision, optLevel, packageName, gpu, checkpoint, Map.of());
        }

        /** Without checkpointing. */
        public Options(int batch, Precision precision, int optLevel, String packageName, boolean gpu) {
            this(batch, precision, optLevel, packageName, gpu, false);
        }

        /** For CPUs. */
        public Options(int batch, Precision precision, int optLevel, String packageName) {
            this(batch, precision, optLevel, packageName, false);
        }
    }

    /**
     * Everything compiled from one model: the generated sources and the jar's entries.
     *
     * @param className qualified name of the generated class (the jar's main class)
     * @param java      the generated Java source
     * @param kernels   the OpenCL C source
     * @param ir        the IR after each pass, as text
     * @param entries   the generated jar entries (classes, kernels, info text), by jar path
     * @param binding   the program as runtime-train drives it
     * @param recipe    the train section in host terms
     * @param tuning    the GEMM tilings the kernels were made with
     */
    public record Artifact(String className, String simpleName, String java, String kernels, String ir, String info,
                           Map<String, byte[]> entries, ModelBinding binding, Recipe recipe, Tuning tuning) {
    }

    /**
     * Compiles {@code g} (from the file {@code source}, named in comments and {@code info}), with
     * the GEMM tilings of the target kind's defaults.
     *
     * @throws IllegalArgumentException for a model that cannot be compiled to an artifact (not a
     *     one-input classifier, a loss that is not trainable yet): the message says why
     */
    public static Artifact compile(Graph g, String source, Options o) {
        return compile(g, source, o, TuningSource.defaults());
    }

    /**
     * As {@link #compile(Graph, String, Options)}, with the GEMM tilings of {@code tuning} (tuned
     * for the device the jar is meant for; see {@link dev.cnnc.compiler.codegen.TuningCache}).
     */
    public static Artifact compile(Graph g, String source, Options o, Tuning tuning) {
        return compile(g, source, o, TuningSource.fixed(tuning));
    }

    /**
     * As {@link #compile(Graph, String, Options)}, with the GEMM tilings from {@code tuning}: from
     * a cache, those of the first local device of the kind the jar is for
     * ({@code compile --target}). The program is the {@link Pipeline}'s, built for that kind.
     */
    public static Artifact compile(Graph g, String source, Options o, TuningSource tuning) {
        if (!Pipeline.isClassifier(g)) {
            throw new IllegalArgumentException(g.name() + ": a compiled artifact needs a classifier with one input "
                    + "and one output of class scores [K]");
        }
        LossLowering.Loss loss = Recipes.loss(g);
        OptimizerLowering.Config optimizer = Recipes.optimizer(g);
        // The artifact is a training program; its evaluation phase (forward_inference) is lowered
        // from the graph after the inference passes too (batchnorm folded).
        Pipeline.Build b = Pipeline.standard().build(g, Settings.builder().batch(o.batch()).precision(o.precision())
                .training(true).loss(loss).optimizer(optimizer)
                .passes(o.optLevel() >= 2 ? Passes.Options.forTraining() : Passes.Options.none(true))
                .target(Target.kind(o.gpu())).tuning(tuning)
                .checkpoints(o.checkpoint() ? CheckpointPolicy.sqrt() : CheckpointPolicy.off())
                .openClOptimizer(o.optLevel() != 0).bind(true).int8(o.int8()).build());
        ModelBinding binding = b.binding();
        Program p = b.program();
        Recipe recipe = Recipes.of(g, optimizer, loss, o.batch(), o.precision().name().toLowerCase(Locale.ROOT));

        String simple = JavaNames.className(g.name());
        String qualified = o.packageName() + "." + simple;
        String dir = o.packageName().replace('.', '/') + "/";
        String kernelsName = simple + ".cl";
        String infoName = simple + ".info.txt";
        String info = info(g, source, o, binding, recipe, qualified, b.lowered().checkpoints());
        String java = HostCode.generate(new HostCode.Spec(o.packageName(), simple, source, binding, recipe, kernelsName,
                infoName)).toString();
        String ir = ir(g, b.passed().steps(), b.passed().inferenceSteps(), binding, o, b.lowered().gemms(),
                b.tuning().gpu());

        Map<String, byte[]> entries = new TreeMap<>(JarBuilder.compile(Map.of(qualified, java)));
        entries.put(dir + kernelsName, p.source().getBytes(StandardCharsets.UTF_8));
        entries.put(dir + infoName, info.getBytes(StandardCharsets.UTF_8));
        return new Artifact(qualified, simple, java, p.source(), ir, info, entries, binding, recipe, b.tuning());
    }

    private static String info(Graph g, String source, Options o, ModelBinding m, Recipe r, String className,
                               Checkpointing.Plan checkpoints) {
        Program p = m.program();
        long bytes = p.buffers().stream().mapToLong(Program.Buffer::bytes).sum();
        long launches = p.phases().values().stream().mapToLong(List::size).sum();
        StringBuilder b = new StringBuilder(ReportFormat.text(ModelReport.of(g, m.batch()), source, null,
                ReportFormat.int8RunsIn(g, o.int8().keySet())));
        b.append('\n');
        b.append(String.format(Locale.ROOT, "compiled artifact %s (-O%d, kernels for %s)%n", className, o.optLevel(),
                o.gpu() ? "GPUs" : "CPUs"));
        b.append(String.format(Locale.ROOT, "  batch %d, %s, %d kernel launches in %d phases, %d device buffers "
                + "(%s)%n", m.batch(), r.precision(), launches, p.phases().size(), p.buffers().size(),
                ReportFormat.bytes(bytes)));
        b.append(String.format(Locale.ROOT, "  training: %s, %s, %s, %d epochs%s%n", r.loss(), r.optimizerText(),
                r.config(r.epochs(), r.seed(), r.lr(), 0, 0).schedule(), r.epochs(),
                r.data() == null ? "" : ", data " + r.data()));
        if (checkpoints.segments() > 1) {
            b.append(String.format(Locale.ROOT, "  gradient checkpointing: %d segments, %d activations kept, "
                    + "recomputes %.1f%% of the forward FLOPs%n", checkpoints.segments(), checkpoints.kept().size(),
                    checkpoints.recomputePercent()));
        }
        return b.toString();
    }

    /** The IR after each pass (graph passes by name, each with the graph it left), as readable text. */
    static String ir(Graph g, List<Map.Entry<String, Graph>> passes, List<Map.Entry<String, Graph>> inferencePasses,
                     ModelBinding m, Options o, List<Lowered.GemmUse> gemms, boolean gpu) {
        StringBuilder b = new StringBuilder();
        b.append("# cnnc IR of ").append(g.name()).append(" (batch ").append(o.batch()).append(", ")
                .append(o.precision().name().toLowerCase(Locale.ROOT)).append(", -O").append(o.optLevel()).append(")\n\n");
        b.append("## pass 1: front end (blocks expanded, names bound, every shape inferred)\n\n").append(g.dump());
        b.append("\n## pass 2: graph passes (").append(o.optLevel() >= 2 ? "-O2: " : "-O0: none")
                .append(String.join(", ", passes.stream().map(Map.Entry::getKey).toList()))
                .append(")\n");
        for (int i = 0; i < passes.size(); i++) {
            b.append("\n### pass 2.").append(i + 1).append(": ").append(passes.get(i).getKey()).append("\n\n")
                    .append(passes.get(i).getValue().dump());
        }
        if (!inferencePasses.isEmpty()) {
            b.append("\n## pass 2e: graph passes of the evaluation phase, forward_inference (")
                    .append(String.join(", ", inferencePasses.stream().map(Map.Entry::getKey).toList())).append(")\n");
            for (int i = 0; i < inferencePasses.size(); i++) {
                b.append("\n### pass 2e.").append(i + 1).append(": ").append(inferencePasses.get(i).getKey())
                        .append("\n\n").append(inferencePasses.get(i).getValue().dump());
            }
        }
        if (!o.int8().isEmpty()) {
            b.append("\n## int8 layers of the evaluation phase (a quantized model, compile --weights): integer "
                    + "convolutions and dense layers; the rest in fp32\n\n");
            ReportFormat.int8RunsIn(g, o.int8().keySet()).forEach((layer, how) -> {
                dev.cnnc.compiler.codegen.Lowering.Int8Layer q = o.int8().get(layer);
                b.append("  ").append(layer).append(": ").append(how);
                if (q != null) {
                    b.append(String.format(Locale.ROOT, " (input scale %.6g, output %s)", q.inputScale(),
                            q.outputScale() == null ? "float" : String.format(Locale.ROOT, "scale %.6g",
                                    q.outputScale())));
                }
                b.append('\n');
            });
        }
        b.append("\n## pass 3: lowering (autodiff, loss, optimizer step; buffers and kernel launches per phase)\n\n");
        Program p = m.program();
        b.append("program ").append(p.sourceName()).append(" options \"").append(p.buildOptions()).append("\"\n");
        for (int i = 0; i < p.buffers().size(); i++) {
            Program.Buffer buf = p.buffers().get(i);
            b.append(String.format(Locale.ROOT, "  buffer #%d %s: %,d bytes%s%n", i, buf.name(), buf.bytes(),
                    buf.half() ? " (fp16)" : ""));
        }
        for (Map.Entry<String, List<Program.Launch>> e : p.phases().entrySet()) {
            b.append("phase ").append(e.getKey()).append(" (").append(e.getValue().size()).append(" launches)\n");
            for (Program.Launch l : e.getValue()) {
                b.append("  ").append(l.kernel()).append(java.util.Arrays.toString(l.global())).append('(');
                for (int i = 0; i < l.args().size(); i++) {
                    Object a = l.args().get(i);
                    b.append(i == 0 ? "" : ", ");
                    if (a instanceof Program.BufferRef r) {
                        b.append(p.buffers().get(r.index()).name());
                    } else if (a instanceof Program.Variable v) {
                        b.append('$').append(v.name());
                    } else {
                        b.append(a);
                    }
                }
                b.append(')').append(l.origin().isEmpty() ? "" : "  <- " + l.origin()).append('\n');
            }
        }
        if (!gemms.isEmpty()) {
            b.append("GEMM tilings (rows x columns / work-group width; tuned by `cnnc tune`, else the default)\n");
            // which layers launch each kernel (kernels are shared by the layers of the same sizes)
            Map<String, java.util.Set<String>> users = new java.util.HashMap<>();
            for (List<Program.Launch> ls : p.phases().values()) {
                for (Program.Launch l : ls) {
                    if (!l.origin().isEmpty()) {
                        users.computeIfAbsent(l.kernel(), k -> new java.util.LinkedHashSet<>()).add(l.origin());
                    }
                }
            }
            for (Lowered.GemmUse u : gemms) {
                b.append("  ").append(u.kernel()).append(" (")
                        .append(String.join(", ", users.getOrDefault(u.kernel(), java.util.Set.of()))).append("): ")
                        .append(u.product().key()).append(" -> ").append(u.choice().describe(gpu)).append('\n');
            }
        }
        return b.toString();
    }

    /** The emitted files for {@code --emit}: kind (ir, cl, java) → (file name, text). */
    public static Map<String, Map.Entry<String, String>> emitted(Artifact a) {
        Map<String, Map.Entry<String, String>> m = new LinkedHashMap<>();
        m.put("ir", Map.entry(a.simpleName() + ".ir.txt", a.ir()));
        m.put("cl", Map.entry(a.simpleName() + ".cl", a.kernels()));
        m.put("java", Map.entry(a.simpleName() + ".java", a.java()));
        return m;
    }
}
