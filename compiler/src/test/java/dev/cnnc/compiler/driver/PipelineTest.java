package dev.cnnc.compiler.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.GemmTiling;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.codegen.TuningCache;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver without a device: its stages run in order and hand on what they made; it lowers
 * exactly what the stages' parts lowered when each command wired them by hand; and each setting
 * (target, tilings, checkpointing, OpenCL optimiser, binding) reaches the program.
 */
class PipelineTest {
    private static final String MODEL = """
            model Net(classes = 4) {
              input x: [3, 10, 10]
              output y = x
                -> conv(8, 3, pad: 1, bias: false) as conv1 -> batchnorm as bn1 -> relu
                -> conv(8, 3, pad: 1) as conv2 -> relu -> maxpool(2)
                -> flatten -> dense(16) as fc1 -> relu -> dense(classes) as fc2
              train { optimizer: adam(lr: 0.002) }
            }
            """;

    /** A device that only has to look like a GPU to the pipeline (no OpenCL is opened). */
    private static final DeviceInfo GPU = new DeviceInfo(0, 0, 0, "Test platform", "OpenCL 1.2", "Test GPU",
            "test", DeviceInfo.Type.GPU, 8, 1L << 30, 1 << 16, 1L << 28, 256, true, false, "OpenCL C 1.2",
            "OpenCL 1.2 test", "1.0", true, true, List.of());

    /** Records the stages a pipeline finishes, and what each made. */
    private static final class Recorder implements Pipeline.Listener {
        final List<Pipeline.Stage> stages = new ArrayList<>();
        final List<Object> outputs = new ArrayList<>();

        @Override
        public void finished(Pipeline.Stage stage, Object output) {
            stages.add(stage);
            outputs.add(output);
        }
    }

    private static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("net.cnn");
        Files.writeString(f, text);
        return f;
    }

    private static Graph model(Path dir) throws IOException {
        return Pipeline.standard().frontEnd(write(dir, MODEL), null).model();
    }

    private static Settings.Builder training(Graph g) {
        return Settings.builder().batch(2).training(true).loss(Recipes.loss(g)).optimizer(Recipes.optimizer(g))
                .target(Target.kind(false));
    }

    @Test
    void theStagesRunInOrderEachHandingOnWhatItMade(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        Pipeline p = new Pipeline(Compiler.standard(), r);
        Pipeline.Checked checked = p.frontEnd(write(dir, MODEL), null);
        assertTrue(checked.ok());
        Graph g = checked.model();
        assertEquals("Net", g.name());
        Pipeline.Build b = p.build(g, training(g).bind(true).build());

        assertEquals(List.of(Pipeline.Stage.values()), r.stages, "every stage, once, in the declared order");
        assertSame(checked, r.outputs.get(0));
        assertSame(b.passed(), r.outputs.get(1));
        assertSame(b.device(), r.outputs.get(2));
        assertSame(b.tuning(), r.outputs.get(3));
        Pipeline.LoweringResult lowering = assertInstanceOf(Pipeline.LoweringResult.class, r.outputs.get(4));
        assertSame(b.lowered(), lowering.lowered());
        Pipeline.ProgramResult program = assertInstanceOf(Pipeline.ProgramResult.class, r.outputs.get(5));
        assertSame(b.program(), program.program());
        assertSame(b.binding(), program.binding());

        // Each stage's output is what the next one used.
        assertEquals(Passes.selected(Passes.Options.forTraining()),
                b.passed().steps().stream().map(Map.Entry::getKey).toList());
        assertEquals(Passes.selected(Passes.Options.forInference()),
                b.passed().inferenceSteps().stream().map(Map.Entry::getKey).toList());
        assertSame(b.passed().graph(), b.lowered().graph());
        assertTrue(b.passed().inference().nodes().size() < b.passed().graph().nodes().size(),
                "the evaluation graph has batchnorm folded");
        assertTrue(b.device().matrixKernels(), "GEMMs for a CPU");
        assertEquals(b.device().matrixKernels(), b.lowered().options().matrixKernels());
        assertEquals(Tuning.CPU, b.tuning());
        assertSame(b.tuning(), b.lowered().options().tuning());
        assertSame(b.lowered().program(), b.program(), "the OpenCL optimiser is on: the program as lowered");
        assertSame(b.program(), b.binding().program());
        assertNull(b.fit());
    }

    @Test
    void itLowersWhatTheHandWiredSequenceLowered(@TempDir Path dir) throws IOException {
        Graph g = model(dir);
        Pipeline.Build b = Pipeline.standard().build(g, training(g).build());
        Lowered byHand = Lowering.lower(Passes.optimize(g), Passes.optimize(g, Passes.Options.forInference()),
                Lowering.Options.training(2, Precision.FP32, Recipes.loss(g)), Recipes.optimizer(g));
        assertEquals(byHand.program().source(), b.program().source());
        assertEquals(byHand.program().buffers(), b.program().buffers());
        assertEquals(byHand.program().phases().keySet(), b.program().phases().keySet());
        assertNull(b.binding(), "not asked for");
    }

    @Test
    void theTargetPicksTheKernelsAndTheTilings(@TempDir Path dir) throws IOException {
        Graph g = model(dir);
        Pipeline.Build kind = Pipeline.standard().build(g, training(g).target(Target.kind(true)).build());
        assertFalse(kind.lowered().options().matrixKernels(), "direct kernels for a GPU");
        assertEquals(Tuning.defaults(true), kind.tuning());
        assertTrue(kind.lowered().gemms().isEmpty());
        Pipeline.Build device = Pipeline.standard().build(g, training(g).target(Target.device(GPU)).build());
        assertEquals(kind.program().source(), device.program().source(), "a GPU device is the GPU kind");

        Tuning fixed = Tuning.CPU.with("M=1 N=1 K=1 batches=1 sums=1 A=rows", new GemmTiling(2, 1, 8));
        assertSame(fixed, Pipeline.standard().build(g, training(g).tuning(TuningSource.fixed(fixed)).build())
                .tuning());
    }

    @Test
    void aCacheGivesTheDeviceItsTunedTilings(@TempDir Path dir) throws IOException {
        Graph g = model(dir);
        // A CPU's kernels on the test device, whose cache entry tunes the first GEMM product.
        DeviceInfo cpu = new DeviceInfo(1, 0, 1, "Test platform", "OpenCL 1.2", "Test CPU", "test",
                DeviceInfo.Type.CPU, 4, 1L << 30, 1 << 16, 1L << 28, 4096, true, false, "OpenCL C 1.2",
                "OpenCL 1.2 test", "1.0", true, true, List.of());
        Lowered plain = Pipeline.standard().build(g, training(g).target(Target.device(cpu)).build()).lowered();
        String key = plain.gemms().get(0).product().key();
        GemmTiling tiling = new GemmTiling(2, 1, 8);
        Path cache = dir.resolve("tune.json");
        List<String> warnings = new ArrayList<>();
        TuningCache.store(cache, cpu, Precision.FP32, Map.of(key, new TuningCache.Entry(tiling, 1, 2)),
                warnings::add);
        Pipeline.Build b = Pipeline.standard().build(g, training(g).target(Target.device(cpu))
                .tuning(TuningSource.cache(cache, warnings::add)).build());
        assertEquals(Map.of(key, tiling), b.tuning().gemms());
        Lowered.GemmUse use = b.lowered().gemms().stream().filter(u -> u.product().key().equals(key)).findFirst()
                .orElseThrow();
        assertTrue(use.choice().tuned());
        assertEquals(tiling, use.choice().tiling());
        assertEquals(List.of(), warnings);
    }

    @Test
    void checkpointingTheOpenClOptimiserAndTheBinding(@TempDir Path dir) throws IOException {
        Graph g = model(dir);
        Pipeline.Build measured = Pipeline.standard().build(g, training(g)
                .checkpoints(CheckpointPolicy.sqrtMeasured()).build());
        Checkpointing.Fit fit = measured.fit();
        assertNotNull(fit);
        assertTrue(measured.lowered().checkpoints().segments() > 1);
        assertSame(measured.lowered(), fit.lowered());
        assertTrue(fit.peak() > 0 && fit.peakWithout() > 0);
        Pipeline.Build sqrt = Pipeline.standard().build(g, training(g).checkpoints(CheckpointPolicy.sqrt()).build());
        assertNull(sqrt.fit(), "√n without measuring the plan without it");
        assertEquals(measured.program().source(), sqrt.program().source());
        assertThrows(Checkpointing.OverBudget.class, () -> Pipeline.standard().build(g, training(g)
                .checkpoints(CheckpointPolicy.within(1)).build()));

        Pipeline.Build debug = Pipeline.standard().build(g, training(g).openClOptimizer(false).bind(true).build());
        assertEquals("-cl-opt-disable", debug.program().buildOptions());
        assertEquals("", debug.lowered().program().buildOptions());
        assertSame(debug.program(), debug.binding().program());
        Program plain = Pipeline.standard().build(g, training(g).build()).program();
        assertEquals(plain.source(), debug.program().source());
    }

    @Test
    void theFrontEndReportsWithoutThrowing(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        Pipeline p = new Pipeline(Compiler.standard(), r);
        Pipeline.Checked broken = p.frontEnd(write(dir, "model M { input x: [3]  output y = x -> nosuchop }"), null);
        assertFalse(broken.ok());
        assertNull(broken.model());
        Pipeline.Checked missing = p.frontEnd(dir.resolve("absent.cnn"), null);
        assertFalse(missing.ok());
        Pipeline.Checked wrongName = p.frontEnd(write(dir, MODEL), "Other");
        assertTrue(wrongName.ok());
        assertNull(wrongName.model());
        assertEquals(List.of(Pipeline.Stage.FRONT_END, Pipeline.Stage.FRONT_END, Pipeline.Stage.FRONT_END), r.stages);
        assertTrue(Pipeline.isClassifier(model(dir)));
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        LossLowering.Loss ce = LossLowering.Loss.crossEntropy(0);
        Target cpu = Target.kind(false);
        assertEquals("batch must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> Settings.builder().target(cpu).build()).getMessage());
        assertEquals("a loss and an optimizer are only lowered for training", assertThrows(
                IllegalArgumentException.class, () -> Settings.builder().batch(1).target(cpu).loss(ce).build())
                .getMessage());
        assertEquals("a loss and an optimizer are only lowered for training", assertThrows(
                IllegalArgumentException.class, () -> Settings.builder().batch(1).target(cpu)
                        .optimizer(OptimizerLowering.Config.sgd(0.1, 0, false, 0)).build()).getMessage());
        assertEquals("checkpointing needs a training program with memory planning", assertThrows(
                IllegalArgumentException.class, () -> Settings.builder().batch(1).target(cpu).training(true)
                        .planMemory(false).checkpoints(CheckpointPolicy.sqrt()).build()).getMessage());
        assertEquals("a model binding needs a program lowered with its loss", assertThrows(
                IllegalArgumentException.class, () -> Settings.builder().batch(1).target(cpu).training(true)
                        .bind(true).build()).getMessage());
        assertEquals("target", assertThrows(NullPointerException.class, () -> Settings.builder().batch(1).build())
                .getMessage());
        assertEquals(Passes.Options.forInference(), Settings.builder().batch(1).target(cpu).build().passes());
        assertEquals(Passes.Options.forTraining(), Settings.builder().batch(1).target(cpu).training(true).build()
                .passes());
        assertThrows(IllegalArgumentException.class, () -> new Target(GPU, false), "a GPU is not a CPU");
        assertThrows(IllegalArgumentException.class, () -> CheckpointPolicy.within(-1));
        assertThrows(IllegalArgumentException.class, () -> new TuningSource(Path.of("t.json"), w -> { },
                Tuning.CPU));
    }
}
