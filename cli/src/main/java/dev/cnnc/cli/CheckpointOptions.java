package dev.cnnc.cli;

import dev.cnnc.compiler.analysis.ReportFormat;
import dev.cnnc.compiler.codegen.Checkpointing;
import dev.cnnc.compiler.driver.CheckpointPolicy;
import dev.cnnc.train.app.CommandFailure;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint} and {@code --max-memory}: gradient checkpointing for the commands that
 * lower a training program (train, bench --train, info), as a {@link CheckpointPolicy} of the
 * pipeline; see {@link Checkpointing}.
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
     * What these options ask of the pipeline's lowering stage ({@link CheckpointPolicy}) for a
     * program lowered for training or not, with memory planning or not: off when neither option
     * was given; with {@code --checkpoint}, √n segments measured against the plan without; with
     * {@code --max-memory}, the cheapest plan within the budget.
     *
     * @throws CommandFailure a usage error when the options do not apply (inference, memory
     *                        planning off, both options) or the size is malformed
     */
    CheckpointPolicy policy(boolean training, boolean planMemory) {
        if (!any()) {
            return CheckpointPolicy.off();
        }
        if (checkpoint && maxMemory != null) {
            throw CommandFailure.usage("give --checkpoint or --max-memory, not both");
        }
        if (!training) {
            throw CommandFailure.usage("--checkpoint and --max-memory apply to training");
        }
        if (!planMemory) {
            throw CommandFailure.usage("--checkpoint and --max-memory need the memory planner");
        }
        long budget = budget();
        return budget < 0 ? CheckpointPolicy.sqrtMeasured() : CheckpointPolicy.within(budget);
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
