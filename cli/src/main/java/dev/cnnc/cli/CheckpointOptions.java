package dev.cnnc.cli;

import dev.cnnc.compiler.analysis.ReportFormat;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.MemoryPlanner;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.train.app.CommandFailure;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint} and {@code --max-memory}: gradient checkpointing for the commands that
 * lower a training program (train, bench --train, info); see {@link Checkpointing}.
 */
final class CheckpointOptions {
    @Option(names = "--checkpoint", description = "gradient checkpointing: keep only √n segments' boundary "
            + "activations after the forward pass and recompute the rest in backward (less memory, more work)")
    boolean checkpoint;

    @Option(names = "--max-memory", paramLabel = "SIZE", description = "fit the training step's planned device "
            + "memory in SIZE (e.g. 512M, 2G), checkpointing with the fewest recomputations that fit")
    String maxMemory;

    /** Whether either option was given. */
    boolean any() {
        return checkpoint || maxMemory != null;
    }

    /** The --max-memory budget in bytes, or -1 when none was given. */
    long budget() {
        if (maxMemory == null) {
            return -1;
        }
        try {
            return Checkpointing.parseSize(maxMemory);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--max-memory: " + e.getMessage());
        }
    }

    /**
     * A lowered training program and, when checkpointing was asked for, its peaks ({@code fit},
     * else null).
     */
    record Result(Lowered lowered, Checkpointing.Fit fit) {
        /** One line on what checkpointing costs and saves, or null when it was not asked for. */
        String report() {
            return fit == null ? null : describe(fit);
        }
    }

    /**
     * {@code g} lowered with {@code options} and {@code optimizer}, checkpointed as asked.
     *
     * @throws CommandFailure a usage error when the options do not apply (inference, memory
     *                        planning off, both options), a model error naming the smallest peak
     *                        reachable when no plan fits the budget
     */
    Result lower(Graph g, Lowering.Options options, OptimizerLowering.Config optimizer) {
        return lower(g, g, options, optimizer);
    }

    /** As {@link #lower(Graph, Lowering.Options, OptimizerLowering.Config)}, evaluating {@code inference}. */
    Result lower(Graph g, Graph inference, Lowering.Options options, OptimizerLowering.Config optimizer) {
        if (!any()) {
            return new Result(Lowering.lower(g, inference, options, optimizer), null);
        }
        if (checkpoint && maxMemory != null) {
            throw CommandFailure.usage("give --checkpoint or --max-memory, not both");
        }
        if (!options.training()) {
            throw CommandFailure.usage("--checkpoint and --max-memory apply to training");
        }
        if (!options.planMemory()) {
            throw CommandFailure.usage("--checkpoint and --max-memory need the memory planner");
        }
        long budget = budget();
        Checkpointing.Fit fit;
        if (budget < 0) {
            Lowered l = Lowering.lower(g, inference, options.withCheckpointSegments(Checkpointing.sqrtSegments(g)),
                    optimizer);
            long without = MemoryPlanner.summary(Lowering.lower(g, inference, options, optimizer)).totalPlanned();
            fit = new Checkpointing.Fit(l, MemoryPlanner.summary(l).totalPlanned(), without);
        } else {
            try {
                fit = Checkpointing.fit(g, inference, options, optimizer, budget);
            } catch (Checkpointing.OverBudget e) {
                throw CommandFailure.model(e.getMessage());
            }
        }
        return new Result(fit.lowered(), fit);
    }

    /** One line on what checkpointing costs and saves: segments, recomputation, planned memory. */
    static String describe(Checkpointing.Fit fit) {
        Checkpointing.Plan plan = fit.lowered().checkpoints();
        if (plan.segments() == 1) {
            return String.format(Locale.ROOT, "checkpointing: off, nothing recomputed (planned memory %s)",
                    ReportFormat.bytes(fit.peak()));
        }
        return String.format(Locale.ROOT, "checkpointing: %d segments, %d activations kept, recomputing %.1f%% of"
                        + " the forward FLOPs; planned memory %s (%s without)", plan.segments(), plan.kept().size(),
                plan.recomputePercent(), ReportFormat.bytes(fit.peak()), ReportFormat.bytes(fit.peakWithout()));
    }
}
