package dev.cnnc.compiler.driver;

import dev.cnnc.compiler.codegen.Checkpointing;

/**
 * Gradient checkpointing of a training program ({@link Checkpointing}), as the pipeline's lowering
 * stage applies it.
 *
 * @param mode   which plan
 * @param budget with {@link Mode#WITHIN}, the planned training-step memory to fit, in bytes
 */
public record CheckpointPolicy(Mode mode, long budget) {
    /** The plans. */
    public enum Mode {
        /** Every activation kept. */
        OFF,
        /** The seed's √n segments ({@code compile --checkpoint}). */
        SQRT,
        /**
         * √n segments, and the program without checkpointing lowered too, to report both planned
         * peaks ({@code --checkpoint} on train, bench and info).
         */
        SQRT_MEASURED,
        /** The fewest recomputed FLOPs whose planned memory fits {@code budget} ({@code --max-memory}). */
        WITHIN
    }

    public CheckpointPolicy {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode == Mode.WITHIN ? budget < 0 : budget != 0) {
            throw new IllegalArgumentException("a memory budget is given with " + Mode.WITHIN + " only, and is not "
                    + "negative: " + mode + ", " + budget);
        }
    }

    public static CheckpointPolicy off() {
        return new CheckpointPolicy(Mode.OFF, 0);
    }

    public static CheckpointPolicy sqrt() {
        return new CheckpointPolicy(Mode.SQRT, 0);
    }

    public static CheckpointPolicy sqrtMeasured() {
        return new CheckpointPolicy(Mode.SQRT_MEASURED, 0);
    }

    public static CheckpointPolicy within(long bytes) {
        return new CheckpointPolicy(Mode.WITHIN, bytes);
    }
}
