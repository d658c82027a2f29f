package dev.cnnc.compiler.driver;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Bindings;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.MemoryPlanner;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.codegen.TuningCache;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one road from a {@code .cnn} file to a program a device runs, in named stages. Every
 * command that runs or emits a model takes it: {@code train}, {@code eval}, {@code run},
 * {@code predict}, {@code bench}, {@code tune}, {@code info} (for the memory of a training step)
 * and {@code compile} (through {@link dev.cnnc.compiler.artifact.ArtifactCompiler}).
 *
 * <pre>
 *   FRONT_END     file → Checked: parse, imports, blocks, shapes; the model chosen   {@link #frontEnd}
 *   GRAPH_PASSES  Graph → Passed: the graph to lower and the evaluation phase's     {@link #build} from here
 *   DEVICE        Target → DeviceChoice: GEMM kernels on CPUs, direct ones elsewhere
 *   TUNING        Target, precision → Tuning: the GEMM tilings (cache or defaults)
 *   LOWERING      → Lowered: autodiff, loss, optimizer step, memory plan, checkpointing
 *   PROGRAM       → the runtime Program (OpenCL build options) and its ModelBinding
 * </pre>
 *
 * The front end runs alone, since a command reads the checked model (its {@code train}
 * section) to choose the {@link Settings} of the rest, which {@link #build} runs in order. Device
 * and tuning come before lowering because lowering bakes the kernel choice and the tilings into
 * the program. A {@link Listener} hears each stage's output as it finishes (tests check the order;
 * {@code compile --emit ir} reads the graph after each pass from {@link Passed}).
 */
public final class Pipeline {
    /** The stages, in the order they run. */
    public enum Stage { FRONT_END, GRAPH_PASSES, DEVICE, TUNING, LOWERING, PROGRAM }

    /** Told each stage and what it produced, as soon as it has finished. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (stage, output) -> {
        };

        void finished(Stage stage, Object output);
    }

    /**
     * The front end's result: the compilation (its diagnostics, its models) and the model asked for.
     *
     * @param model the model named, or the only one when none was named; null when there are errors,
     *              no model, or none that matches
     */
    public record Checked(Compilation compilation, Graph model) {
        /** Whether the file checked without errors. */
        public boolean ok() {
            return compilation.ok();
        }
    }

    /**
     * The graph passes' result.
     *
     * @param graph          the graph to lower, after the passes of {@link Settings#passes}
     * @param inference      the graph after the same passes for inference (batchnorm folded), from
     *                       which a training program's evaluation phase is lowered
     * @param steps          each pass run on {@code graph}, by name, with the graph it left
     * @param inferenceSteps the same for {@code inference}
     */
    public record Passed(Graph graph, Graph inference, List<Map.Entry<String, Graph>> steps,
                         List<Map.Entry<String, Graph>> inferenceSteps) {
        public Passed {
            steps = List.copyOf(steps);
            inferenceSteps = List.copyOf(inferenceSteps);
        }
    }

    /**
     * The device stage's choice.
     *
     * @param target        what it was made for
     * @param matrixKernels dense layers and convolutions as GEMMs (a CPU's kernels; see
     *                      {@link Lowering.Options#matrixKernels}), else the direct kernels
     */
    public record DeviceChoice(Target target, boolean matrixKernels) {
    }

    /**
     * Everything one run of {@link #build} made, stage by stage.
     *
     * @param settings what was asked for
     * @param passed   the graphs lowered
     * @param device   the kernels chosen
     * @param tuning   the GEMM tilings
     * @param lowered  the lowered program (with the options it was lowered with)
     * @param fit      with {@link CheckpointPolicy.Mode#SQRT_MEASURED} or
     *                 {@link CheckpointPolicy.Mode#WITHIN}, the planned peaks with and without
     *                 checkpointing; else null
     * @param program  the program to run: {@code lowered}'s, with {@code -cl-opt-disable} when the
     *                 OpenCL optimiser is off
     * @param binding  with {@link Settings#bind}, the program as runtime-train drives it; else null
     */
    public record Build(Settings settings, Passed passed, DeviceChoice device, Tuning tuning, Lowered lowered,
                        Checkpointing.Fit fit, Program program, ModelBinding binding) {
    }

    private final Compiler compiler;
    private final Listener listener;

    public Pipeline(Compiler compiler, Listener listener) {
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** With the standard libraries ({@link Compiler#standard}) and no listener. */
    public static Pipeline standard() {
        return new Pipeline(Compiler.standard(), Listener.NONE);
    }

    /**
     * Stage {@link Stage#FRONT_END}: checks {@code file} and picks the model {@code name} (null:
     * the only one). A file that cannot be read is a diagnostic, not an exception.
     */
    public Checked frontEnd(Path file, String name) {
        Compilation c = compiler.check(file);
        return finished(Stage.FRONT_END, new Checked(c, c.ok() ? c.model(name) : null));
    }

    /**
     * The stages after the front end, in order, for the checked {@code model}.
     *
     * @throws IllegalArgumentException for a program that cannot be lowered as asked
     *     ({@link Checkpointing.OverBudget} when no checkpointing plan fits the budget)
     * @throws Limits.TooLarge for a tensor past what the kernels can index, named and located
     * @throws dev.cnnc.compiler.codegen.CodegenException when an op cannot generate its kernels
     */
    public Build build(Graph model, Settings s) {
        Limits.check(model, s.batch());
        Passed passed = finished(Stage.GRAPH_PASSES, graphPasses(model, s.passes()));
        DeviceChoice device = finished(Stage.DEVICE, device(s.target()));
        Tuning tuning = finished(Stage.TUNING, tuning(s.target(), s));
        LoweringResult lowering = finished(Stage.LOWERING, lower(passed, device, tuning, s));
        ProgramResult program = finished(Stage.PROGRAM, program(lowering.lowered(), s));
        return new Build(s, passed, device, tuning, lowering.lowered(), lowering.fit(), program.program(),
                program.binding());
    }

    /** Whether {@code g} is a classifier: one input and one output of class scores {@code [K]}. */
    public static boolean isClassifier(Graph g) {
        return g.inputs().size() == 1 && g.outputs().size() == 1
                && g.outputs().values().iterator().next().shape().rank() == 1;
    }

    /** Stage {@link Stage#GRAPH_PASSES}: the passes {@code o} selects, and their inference counterparts. */
    static Passed graphPasses(Graph g, Passes.Options o) {
        List<Map.Entry<String, Graph>> steps = new ArrayList<>();
        List<Map.Entry<String, Graph>> inferenceSteps = new ArrayList<>();
        Graph graph = Passes.optimize(g, o, (pass, after) -> steps.add(Map.entry(pass.name(), after)));
        Graph inference = Passes.optimize(g, o.asInference(),
                (pass, after) -> inferenceSteps.add(Map.entry(pass.name(), after)));
        return new Passed(graph, inference, steps, inferenceSteps);
    }

    /**
     * Stage {@link Stage#DEVICE}: GEMMs for dense layers and convolutions on CPUs, the direct
     * kernels (one work-item per output element) elsewhere, until the GEMM is tuned for GPUs.
     */
    static DeviceChoice device(Target t) {
        return new DeviceChoice(t, !t.gpu());
    }

    /**
     * Stage {@link Stage#TUNING}: the tilings of {@link Settings#tuning}. From a cache, a device's
     * entries for the precision; for a device kind, those of the first local device of that kind,
     * else the kind's defaults (no OpenCL at all counts as none).
     */
    static Tuning tuning(Target t, Settings s) {
        TuningSource source = s.tuning();
        if (source.fixed() != null) {
            return source.fixed();
        }
        if (source.cache() == null) {
            return Tuning.defaults(t.gpu());
        }
        if (t.device() != null) {
            return TuningCache.load(source.cache(), t.device(), s.precision(), source.warn());
        }
        try {
            for (DeviceInfo d : Devices.all()) {
                if ((d.type() != DeviceInfo.Type.CPU) == t.gpu()) {
                    return TuningCache.load(source.cache(), d, s.precision(), source.warn());
                }
            }
        } catch (ClException noOpenCl) {
            // no local device: the defaults
        }
        return Tuning.defaults(t.gpu());
    }

    /** The lowering stage's output: the program lowered and, when checkpointing measured them, its peaks. */
    public record LoweringResult(Lowered lowered, Checkpointing.Fit fit) {
    }

    /**
     * Stage {@link Stage#LOWERING}: {@link Lowering#lower} of the passed graph (the evaluation
     * phase from the inference graph) with the device's kernels and the tilings, checkpointed as
     * {@link Settings#checkpoints} asks.
     */
    static LoweringResult lower(Passed passed, DeviceChoice device, Tuning tuning, Settings s) {
        Graph g = passed.graph();
        Lowering.Options o = Lowering.Options.builder().batch(s.batch()).precision(s.precision())
                .training(s.training()).loss(s.loss()).planMemory(s.planMemory())
                .matrixKernels(device.matrixKernels()).tuning(tuning).int8(s.int8()).build();
        switch (s.checkpoints().mode()) {
            case OFF:
                return new LoweringResult(lower(passed, o, s), null);
            case SQRT:
                return new LoweringResult(lower(passed, o.withCheckpointSegments(Checkpointing.sqrtSegments(g)), s),
                        null);
            case SQRT_MEASURED: {
                Lowered l = lower(passed, o.withCheckpointSegments(Checkpointing.sqrtSegments(g)), s);
                long without = MemoryPlanner.summary(lower(passed, o, s)).totalPlanned();
                return new LoweringResult(l, new Checkpointing.Fit(l, MemoryPlanner.summary(l).totalPlanned(),
                        without));
            }
            default: { // WITHIN
                Checkpointing.Fit fit = Checkpointing.fit(g, passed.inference(), o, s.optimizer(),
                        s.checkpoints().budget());
                return new LoweringResult(fit.lowered(), fit);
            }
        }
    }

    private static Lowered lower(Passed passed, Lowering.Options o, Settings s) {
        return Lowering.lower(passed.graph(), passed.inference(), o, s.optimizer());
    }

    /** The program stage's output: the program to run and, when asked for, its binding (else null). */
    public record ProgramResult(Program program, ModelBinding binding) {
    }

    /**
     * Stage {@link Stage#PROGRAM}: the lowered program, with the OpenCL optimiser switched off if
     * asked, and the {@link ModelBinding} that plays it if {@link Settings#bind} asks.
     */
    static ProgramResult program(Lowered l, Settings s) {
        Program p = l.program();
        if (!s.openClOptimizer()) {
            p = new Program(p.sourceName(), p.source(), (p.buildOptions() + " -cl-opt-disable").trim(), p.buffers(),
                    p.phases());
        }
        return new ProgramResult(p, s.bind() ? bind(l, p) : null);
    }

    /** {@link Bindings#of} {@code l}, playing {@code program}. */
    private static ModelBinding bind(Lowered l, Program program) {
        ModelBinding b = Bindings.of(l);
        if (program == b.program()) {
            return b;
        }
        return b.withProgram(program);
    }

    private <T> T finished(Stage stage, T output) {
        listener.finished(stage, output);
        return output;
    }
}
