package dev.cnnc.cli;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.analysis.ModelReport;
import dev.cnnc.compiler.analysis.ReportFormat;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.MemoryPlanner;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.driver.Pipeline;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.train.app.CommandFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "Print one row per layer (output shape, parameters, FLOPs, activation memory,"
        + " receptive field, jump) and the model's totals.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--batch", defaultValue = "1", description = "batch size for FLOPs and memory (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--precision", paramLabel = "P", description = "fp32, fp64 or mixed (fp16 activations): the "
            + "precision of the activation and training memory (default: the train section's)")
    String precision;

    @Option(names = "--weights", paramLabel = "FILE", description = "a quantized model (cnnc quantize): mark the "
            + "layers that run in int8 and the batchnorms folded into them")
    Path weights;

    @Option(names = "--no-memory-plan", description = "report training memory without the memory planner "
            + "(one device buffer per tensor)")
    boolean noMemoryPlan;

    @picocli.CommandLine.Mixin
    CheckpointOptions checkpointing;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1) {
            spec.commandLine().getErr().println("cnnc info: --batch must be at least 1, got " + batch);
            return Main.USAGE;
        }
        Pipeline.Checked checked = Pipeline.standard().frontEnd(file, model);
        Compilation c = checked.compilation();
        if (!c.ok()) {
            spec.commandLine().getErr().print(DiagnosticFormatter.formatAll(c.diagnostics()));
            return Main.MODEL_ERROR;
        }
        Graph g = checked.model();
        if (g == null) {
            String names = String.join(", ", c.models().stream().map(Graph::name).toList());
            spec.commandLine().getErr().println(file + ": " + (c.models().isEmpty()
                    ? "error: defines no model (only blocks)" : model == null
                    ? "error: defines several models (" + names + "); choose one with --model"
                    : "error: no model `" + model + "` (models: " + names + ")"));
            return Main.MODEL_ERROR;
        }
        ModelReport r;
        ReportFormat.TrainingMemory memory;
        Precision p;
        try {
            p = TrainingSetup.precision(precision != null ? precision : g.training().s("precision"));
            r = ModelReport.of(g, batch, p.activationBytes() == 2 ? 2 : 4);
            // The totals, and a margin for a training step's sums (gradients, optimizer state, naive
            // sums), must be countable before the step is lowered at this batch.
            Math.multiplyExact(Math.addExact(r.activationBytes(), r.modelBytesFp32()), 16L);
            Math.multiplyExact(r.backwardFlops(), 2L);
            memory = trainingMemory(g, p);
        } catch (CommandFailure f) {
            spec.commandLine().getErr().println("cnnc info: error: " + f.getMessage());
            return f.code();
        } catch (ArithmeticException overflow) {
            spec.commandLine().getErr().println("cnnc info: error: at batch " + batch + ", a training step of "
                    + g.name() + " is too large to size: its FLOPs or bytes would pass 2^59 (the limit); use a smaller "
                    + "--batch");
            return Main.MODEL_ERROR;
        }
        Map<String, String> runsIn;
        try {
            runsIn = weights == null ? Map.of() : int8Layers(g, weights);
        } catch (CommandFailure f) {
            spec.commandLine().getErr().println("cnnc info: error: " + f.getMessage());
            return f.code();
        }
        String report = json ? ReportFormat.json(r, file.toString(), memory, runsIn)
                : ReportFormat.text(r, file.toString(), memory, runsIn);
        spec.commandLine().getOut().print(report);
        if (!json && weights != null) {
            long int8 = runsIn.values().stream().filter("int8"::equals).count();
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%nint8                %d layers (%s), the "
                    + "rest in fp32, from %s%n", int8, String.join(", ", runsIn.entrySet().stream()
                    .filter(e -> e.getValue().equals("int8")).map(Map.Entry::getKey).toList()), weights);
        }
        return Main.OK;
    }

    /**
     * How the layers of {@code g} run with the quantized model {@code q}: {@code int8} for its
     * layers (named as after batchnorm folding), {@code folded into L} for the batchnorms folded
     * into them.
     *
     * @throws CommandFailure when {@code q} is not a quantized model of {@code g}
     */
    private static Map<String, String> int8Layers(Graph g, Path q) {
        if (!java.nio.file.Files.isRegularFile(q)) {
            throw CommandFailure.usage(q + ": no such file");
        }
        java.util.List<dev.cnnc.train.quant.QuantizedLayer> layers;
        try {
            if (!dev.cnnc.train.Checkpoints.isQuantized(q)) {
                throw CommandFailure.usage(q + ": not a quantized model (`cnnc quantize` makes one); --weights here "
                        + "marks the layers that run in int8");
            }
            layers = dev.cnnc.train.quant.QuantizedModel.read(q).layers();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw CommandFailure.model(q + ": " + e.getMessage());
        }
        try {
            return ReportFormat.int8RunsIn(g, layers.stream().map(dev.cnnc.train.quant.QuantizedLayer::name).toList());
        } catch (IllegalArgumentException e) {
            throw CommandFailure.model(q + ": " + e.getMessage());
        }
    }

    /**
     * The device memory of one training step at {@code --batch} in precision {@code p}, with the model's loss and
     * optimizer, from the program the runtime would run (the pipeline's, lowered here for a CPU
     * with the graph as written; no device needed), and checkpointed as {@code --checkpoint} or
     * {@code --max-memory} ask.
     *
     * @throws CommandFailure when the checkpointing options do not apply or no plan fits the budget
     */
    private ReportFormat.TrainingMemory trainingMemory(Graph g, Precision p) {
        OptimizerLowering.Config optimizer;
        Pipeline.Build b;
        try {
            optimizer = Recipes.optimizer(g);
            LossLowering.Loss loss = Recipes.loss(g);
            if (g.inputs().size() != 1 || g.outputs().size() != 1) {
                return new ReportFormat.TrainingMemory(null, null, !noMemoryPlan, "training needs one input and one "
                        + "output; " + g.name() + " has " + g.inputs().size() + " and " + g.outputs().size());
            }
            String untrainable = dev.cnnc.compiler.ops.BatchNorm.untrainableAt(g, batch);
            if (untrainable != null) {
                return new ReportFormat.TrainingMemory(null, null, !noMemoryPlan, untrainable);
            }
            b = TrainingSetup.build(g, Settings.builder().batch(batch).precision(p).training(true).loss(loss).optimizer(optimizer)
                    .passes(Passes.Options.none(true)).planMemory(!noMemoryPlan).target(Target.kind(false))
                    .checkpoints(checkpointing.policy(true, !noMemoryPlan)).build());
        } catch (IllegalArgumentException | CodegenException e) {
            if (checkpointing.any()) {
                throw CommandFailure.model(e.getMessage());
            }
            return new ReportFormat.TrainingMemory(null, null, !noMemoryPlan, e.getMessage());
        }
        ReportFormat.CheckpointSummary ck = null;
        if (b.fit() != null) {
            Checkpointing.Plan plan = b.lowered().checkpoints();
            ck = new ReportFormat.CheckpointSummary(plan.segments(), plan.kept().size(), plan.recomputePercent(),
                    b.fit().peakWithout());
        }
        return new ReportFormat.TrainingMemory(MemoryPlanner.summary(b.lowered()), optimizer.name(), !noMemoryPlan,
                null, ck, p.word());
    }
}
