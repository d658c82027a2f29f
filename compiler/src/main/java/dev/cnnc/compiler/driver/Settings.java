package dev.cnnc.compiler.driver;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.passes.Passes;
import java.util.Objects;

/**
 * What one run of the {@link Pipeline} after the front end is asked for: the program (batch,
 * precision, training with which loss and optimizer), the graph passes, the target, where the
 * tilings come from, checkpointing, and what the program stage hands back. Build it by name with
 * {@link #builder}; settings not named take the builder's defaults.
 *
 * @param batch           samples per run
 * @param precision       fp32 or fp64
 * @param training        a training program (forward, loss, backward, evaluation phase); else
 *                        inference only
 * @param loss            the loss of a training program, or null for none
 * @param optimizer       the optimizer step of a training program, or null for none
 * @param passes          the graph passes; a training program's evaluation phase gets
 *                        {@link Passes.Options#asInference} of them
 * @param planMemory      the memory planner on (off: one allocation per buffer)
 * @param target          the device or device kind the kernels are for
 * @param tuning          where the GEMM tilings come from
 * @param checkpoints     gradient checkpointing (training with memory planning only)
 * @param openClOptimizer the OpenCL compiler's optimisations on (off: {@code -cl-opt-disable},
 *                        for debugging kernels)
 * @param bind            also make the {@link dev.cnnc.train.ModelBinding} runtime-train drives
 *                        (needs a loss and a model with one input and one output)
 * @param int8            the inference phase's int8 layers (a quantized model), by name; empty: none
 */
public record Settings(int batch, Precision precision, boolean training, LossLowering.Loss loss,
                       OptimizerLowering.Config optimizer, Passes.Options passes, boolean planMemory, Target target,
                       TuningSource tuning, CheckpointPolicy checkpoints, boolean openClOptimizer, boolean bind,
                       java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8) {
    public Settings {
        int8 = java.util.Map.copyOf(int8);
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(passes, "passes");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tuning, "tuning");
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1: " + batch);
        }
        if (!training && (loss != null || optimizer != null)) {
            throw new IllegalArgumentException("a loss and an optimizer are only lowered for training");
        }
        if (checkpoints.mode() != CheckpointPolicy.Mode.OFF && !(training && planMemory)) {
            throw new IllegalArgumentException("checkpointing needs a training program with memory planning");
        }
        if (bind && loss == null) {
            throw new IllegalArgumentException("a model binding needs a program lowered with its loss");
        }
    }

    /** Settings to fill in by name; {@link Builder#batch} and {@link Builder#target} have no default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@link Settings} by name; nothing is checked until {@link #build}. The defaults: fp32,
     * inference, no loss or optimizer, every pass legal for the program
     * ({@link Passes.Options#forTraining} or {@link Passes.Options#forInference}), memory planned,
     * the tilings of the target kind's defaults, no checkpointing, the OpenCL optimiser on, no
     * binding.
     */
    public static final class Builder {
        private int batch;
        private Precision precision = Precision.FP32;
        private boolean training;
        private LossLowering.Loss loss;
        private OptimizerLowering.Config optimizer;
        private Passes.Options passes;
        private boolean planMemory = true;
        private Target target;
        private TuningSource tuning = TuningSource.defaults();
        private CheckpointPolicy checkpoints = CheckpointPolicy.off();
        private boolean openClOptimizer = true;
        private boolean bind;
        private java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> int8 = java.util.Map.of();

        private Builder() {
        }

        public Builder batch(int samples) {
            this.batch = samples;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = p;
            return this;
        }

        public Builder training(boolean on) {
            this.training = on;
            return this;
        }

        public Builder loss(LossLowering.Loss l) {
            this.loss = l;
            return this;
        }

        public Builder optimizer(OptimizerLowering.Config c) {
            this.optimizer = c;
            return this;
        }

        public Builder passes(Passes.Options o) {
            this.passes = o;
            return this;
        }

        public Builder planMemory(boolean on) {
            this.planMemory = on;
            return this;
        }

        public Builder target(Target t) {
            this.target = t;
            return this;
        }

        public Builder tuning(TuningSource s) {
            this.tuning = s;
            return this;
        }

        public Builder checkpoints(CheckpointPolicy p) {
            this.checkpoints = p;
            return this;
        }

        public Builder openClOptimizer(boolean on) {
            this.openClOptimizer = on;
            return this;
        }

        public Builder bind(boolean on) {
            this.bind = on;
            return this;
        }

        /** The int8 layers of a quantized model ({@link Settings#int8}). */
        public Builder int8(java.util.Map<String, dev.cnnc.compiler.codegen.Lowering.Int8Layer> layers) {
            this.int8 = layers;
            return this;
        }

        /**
         * The settings named so far.
         *
         * @throws IllegalArgumentException for a batch below 1 (or never set), a loss or optimizer
         *     without training, checkpointing without training or memory planning, a binding
         *     without a loss
         * @throws NullPointerException     when no target was named
         */
        public Settings build() {
            Passes.Options p = passes != null ? passes
                    : training ? Passes.Options.forTraining() : Passes.Options.forInference();
            return new Settings(batch, precision, training, loss, optimizer, p, planMemory, target, tuning,
                    checkpoints, openClOptimizer, bind, int8);
        }
    }
}
