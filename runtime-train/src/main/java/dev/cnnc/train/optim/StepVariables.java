package dev.cnnc.train.optim;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.catalog.TrainingCatalogs;

/**
 * The host's half of an optimizer step on the device: the names of the phases and run-time
 * variables the compiler's {@code OptimizerLowering} emits (written here, where both the host and
 * the compiler read them, because this module must not depend on the compiler; the names are the
 * contract), and the values to set.
 *
 * <p>One training step (a fresh run first runs {@value #ZERO_OPTIMIZER_STATE} once; a resumed
 * run writes the checkpoint's {@code optimizer.<param>.<state>} buffers instead):
 * <ol>
 *   <li>{@code zero_param_grads};</li>
 *   <li>k times (k = {@code accumulate}): write a batch, {@code forward}, {@code zero_grads},
 *       {@code loss} (its gradient seed multiplied by {@value #LOSS_SCALE}), {@code backward}
 *       (parameter gradients add up over the k batches);</li>
 *   <li>with {@code grad_clip} or a dynamic loss scale: run {@value #GRAD_NORM}, read
 *       {@link #gradSumOfSquares} (a dynamic {@link LossScaler} skips the step when it is not
 *       finite);</li>
 *   <li>{@link #set}: {@value #LR} from the {@link Schedule}, {@value #GRAD_SCALE} from
 *       {@link #gradScale}, Adam's corrections for step t = 1, 2, ...;</li>
 *   <li>{@value #OPTIMIZER}.</li>
 * </ol>
 */
public final class StepVariables {
    private StepVariables() {
    }

    public static final String ZERO_OPTIMIZER_STATE = "zero_optimizer_state";
    public static final String GRAD_NORM = "grad_norm";
    public static final String OPTIMIZER = "optimizer";

    public static final String LR = "lr";
    public static final String GRAD_SCALE = "grad_scale";
    public static final String ADAM_STEP_SIZE = "adam_step_size";
    public static final String ADAM_BIAS_CORRECTION2_SQRT = "adam_bias_correction2_sqrt";

    /**
     * The real variable of the {@code loss} phase that multiplies the gradient seed (∂L/∂logits),
     * the loss scale S of {@link LossScaler}; the loss values themselves are not scaled. A
     * program declares it with the initial value 1, so a host that never sets it (evaluation,
     * {@code run --grads}, a run without loss scaling) gets the plain gradients.
     */
    public static final String LOSS_SCALE = "loss_scale";

    /** The {@code int} variable keying the dropout masks and random pooling regions of one batch. */
    public static final String SEED = "seed";

    /**
     * The {@value #SEED} of training batch {@code batch} (counted over the whole run) of a run
     * seeded {@code seed}: a fresh mask for every batch, the same ones when a run is repeated or
     * resumed.
     */
    public static int batchSeed(long seed, long batch) {
        long z = seed * 0x9E3779B97F4A7C15L + batch * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 32));
    }

    /** One element: Σg² over every parameter gradient, written by {@value #GRAD_NORM}. */
    public static final String GRAD_NORM_SQ_BUFFER = "optimizer.grad_norm_sq";

    /** The buffer of optimizer state {@code state} ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}) of a parameter. */
    public static String stateBufferName(String param, String state) {
        return "optimizer." + param + "." + state;
    }

    /** Adam's {@code lr / (1 − β1^t)} for step {@code t} ≥ 1, in double as PyTorch computes it. */
    public static double adamStepSize(double lr, double beta1, long t) {
        checkStep(t);
        return lr / (1 - Math.pow(beta1, t));
    }

    /** Adam's {@code √(1 − β2^t)} for step {@code t} ≥ 1. */
    public static double adamBiasCorrection2Sqrt(double beta2, long t) {
        checkStep(t);
        return Math.sqrt(1 - Math.pow(beta2, t));
    }

    /** PyTorch's {@code clip_grad_norm_} factor: {@code min(1, maxNorm / (totalNorm + 1e-6))}. */
    public static double clipFactor(double totalNorm, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the clipping norm must be positive: " + maxNorm);
        }
        return Math.min(1.0, maxNorm / (totalNorm + 1e-6));
    }

    /**
     * The {@value #GRAD_SCALE} that turns the gradient buffers (the sum of {@code accumulate}
     * batches' mean gradients) into the step's gradient: the mean over the batches, clipped to the
     * global L2 norm {@code maxNorm} (0 or NaN: no clipping; then {@code sumOfSquares} is unused)
     * where {@code sumOfSquares} is Σg² of the summed gradients as {@value #GRAD_NORM} gives it.
     * The norm clipped is that of the mean gradient, √Σg² / k.
     */
    public static double gradScale(double sumOfSquares, int accumulate, double maxNorm) {
        return gradScale(sumOfSquares, accumulate, maxNorm, 1);
    }

    /**
     * {@link #gradScale(double, int, double)} for gradients computed with the loss scaled by
     * {@code lossScale} S ({@value #LOSS_SCALE}): the buffers hold S times the gradients, so the
     * factor is divided by S, and the clipped norm is that of the unscaled mean gradient,
     * √Σg² / (S·k), PyTorch's {@code scaler.unscale_(optimizer)} before {@code clip_grad_norm_}.
     * With S a power of two (and no overflow or underflow) every step of this is exact: the
     * factor is the unscaled run's divided by S, bit for bit.
     */
    public static double gradScale(double sumOfSquares, int accumulate, double maxNorm, double lossScale) {
        if (accumulate < 1) {
            throw new IllegalArgumentException("accumulate must be at least 1: " + accumulate);
        }
        if (!(lossScale > 0) || !Double.isFinite(lossScale)) {
            throw new IllegalArgumentException("the loss scale must be positive and finite: " + lossScale);
        }
        double scale = 1.0 / accumulate;
        if (maxNorm > 0) {
            scale *= clipFactor(Math.sqrt(sumOfSquares) / (lossScale * accumulate), maxNorm);
        }
        return scale / lossScale;
    }

    /**
     * Sets the variables of optimizer step {@code t} (1, 2, ...) on {@code executor}:
     * {@value #LR}, {@value #GRAD_SCALE} and, for {@code adam}/{@code adamw}, Adam's corrections
     * from {@code beta1} and {@code beta2} (ignored for {@code sgd}).
     */
    public static void set(Executor executor, String optimizer, double beta1, double beta2, long t, double lr,
                           double gradScale) {
        checkStep(t);
        TrainingCatalogs.OPTIMIZERS.require(optimizer);
        boolean adam = !optimizer.equals("sgd"); // adam and adamw
        executor.set(LR, lr);
        executor.set(GRAD_SCALE, gradScale);
        if (adam) {
            executor.set(ADAM_STEP_SIZE, adamStepSize(lr, beta1, t));
            executor.set(ADAM_BIAS_CORRECTION2_SQRT, adamBiasCorrection2Sqrt(beta2, t));
        }
    }

    /** Runs {@value #GRAD_NORM} and reads Σg² back (fp32 or fp64, from the buffer's size). */
    public static double gradSumOfSquares(Executor executor) {
        executor.run(GRAD_NORM);
        ClBuffer b = executor.buffer(GRAD_NORM_SQ_BUFFER);
        if (b.bytes() == 8) {
            double[] d = new double[1];
            b.read(d);
            return d[0];
        }
        float[] f = new float[1];
        b.read(f);
        return f[0];
    }

    private static void checkStep(long t) {
        if (t < 1) {
            throw new IllegalArgumentException("optimizer steps count from 1: " + t);
        }
    }
}
