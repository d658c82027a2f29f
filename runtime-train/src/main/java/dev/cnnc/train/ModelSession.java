package dev.cnnc.train;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.optim.Initializers;
import dev.cnnc.train.optim.StepVariables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A compiled classifier loaded on a device, driven one call at a time: fresh or loaded
 * weights, inference on any number of samples, one training step, gradients without an
 * update, checkpoints. It is what the typed API of a generated model class delegates to, and
 * what {@code cnnc run} uses.
 *
 * <p>Shapes are baked into the kernels, so the program runs {@link ModelBinding#batch()}
 * samples at a time: {@link #forward} splits and pads; {@link #trainStep} and
 * {@link #gradients} (whose BatchNorm statistics depend on the batch) need exactly that many.
 * Not thread-safe.
 */
public final class ModelSession implements AutoCloseable {
    private final ModelBinding model;
    private final Recipe recipe;
    private final ClDevice device;
    private final Executor ex;
    private long optimizerSteps;
    private double lr;
    private long seed;

    private ModelSession(ModelBinding model, Recipe recipe, ClDevice device, Executor ex) {
        this.model = model;
        this.recipe = recipe;
        this.device = device;
        this.ex = ex;
        this.lr = recipe.lr();
        this.seed = recipe.seed();
    }

    /** Builds the program on {@code device}; the parameters are uninitialised until {@link #initialize} or {@link #load}. */
    public static ModelSession open(ModelBinding model, Recipe recipe, DeviceInfo device) {
        ClDevice d = ClDevice.open(device);
        try {
            Executor ex = new Executor(d, model.program(), List.of()); // each phase built when first needed
            ex.set(StepVariables.SEED, 0);
            return new ModelSession(model, recipe, d, ex);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    public ModelBinding binding() {
        return model;
    }

    public Recipe recipe() {
        return recipe;
    }

    public Executor executor() {
        return ex;
    }

    public long optimizerSteps() {
        return optimizerSteps;
    }

    /** The base learning rate of {@link #trainStep} (the recipe's until set). */
    public void learningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be positive: " + lr);
        }
        this.lr = lr;
    }

    /** Fresh parameters from each one's initializer, seeded by {@code seed} and its name; zero optimizer state. */
    public void initialize(long seed) {
        initialize(model, ex, seed);
        this.seed = seed;
        optimizerSteps = 0;
    }

    static void initialize(ModelBinding model, Executor ex, long seed) {
        ex.prepare(model.stepPhases()); // all at once, before the first step
        for (ModelBinding.ParamBinding p : model.params()) {
            ClBuffer b = ex.buffer(p.buffer());
            if (!p.floating()) {
                b.write(new byte[(int) (8 * p.elements())]); // num_batches_tracked = 0
                continue;
            }
            double[] v = Initializers.fill(p.init(), p.initOptions(), p.shape(), seed, p.name());
            Reals.write(b, v, model.fp64());
        }
        ex.run(StepVariables.ZERO_OPTIMIZER_STATE);
    }

    /**
     * Loads weights (a cnnc checkpoint, a PyTorch state_dict in safetensors, or an int8 model of
     * {@code cnnc quantize} into a program compiled with its int8 layers); returns the file's
     * metadata.
     */
    public Map<String, String> load(Path weights) {
        return Checkpoints.isQuantized(weights) ? Checkpoints.loadQuantized(weights, model, ex)
                : Checkpoints.load(weights, model, ex, false);
    }

    /** Writes the weights (not the optimizer state) with {@code metadata}, atomically. */
    public void save(Path file, Map<String, String> metadata) {
        StateDict d = Checkpoints.weights(model, ex);
        metadata.forEach(d::putMetadata);
        Safetensors.write(file, d);
    }

    /**
     * A copy of {@code images} (raw, pixel values in [0, 1]) normalised with the recipe's
     * mean/std, as training's data loader does ({@link dev.cnnc.train.data.Normalization}); the
     * same array when the model has neither.
     */
    public float[] normalized(float[] images) {
        dev.cnnc.train.data.Normalization n = dev.cnnc.train.data.Normalization.of(recipe.mean(), recipe.std(),
                model.inputShape());
        if (n == null) {
            return images;
        }
        float[] x = images.clone();
        n.applyAll(x);
        return x;
    }

    /**
     * Inference (running statistics, no dropout) on {@code images.length / sampleLength}
     * samples, NCHW, as the model takes them (normalised: see {@link #normalized}); returns their
     * logits, [n, classes] row-major.
     */
    public float[] forward(float[] images) {
        int n = samples(images);
        int s = model.sampleLength();
        int k = model.classes();
        int b = model.batch();
        float[] out = new float[n * k];
        float[] chunk = new float[b * s];
        float[] logits = new float[b * k];
        for (int first = 0; first < n; first += b) {
            int m = Math.min(b, n - first);
            java.util.Arrays.fill(chunk, 0f);
            System.arraycopy(images, first * s, chunk, 0, m * s);
            Reals.write(ex.buffer(model.input()), chunk, model.fp64());
            ex.run(ModelBinding.EVALUATION);
            Reals.read(ex.buffer(model.logits()), logits, model.fp64());
            System.arraycopy(logits, 0, out, first * k, m * k);
        }
        return out;
    }

    /** What {@link #gradients} gives: the mean loss, the logits, and every trainable parameter's gradient. */
    public record Gradients(double loss, float[] logits, StateDict grads) {
    }

    /**
     * Forward and backward in training mode on exactly one batch, without an update: the mean
     * loss over the batch, the logits and the gradient of every trainable parameter (PyTorch's
     * names and layouts).
     */
    public Gradients gradients(float[] images, int[] labels) {
        return gradients(doubles(images), labels);
    }

    /** {@link #gradients(float[], int[])} with images in doubles (exact in an fp64 program). */
    public Gradients gradients(double[] images, int[] labels) {
        double[] losses = forwardBackward(images, labels, 0);
        float[] logits = new float[model.batch() * model.classes()];
        Reals.read(ex.buffer(model.logits()), logits, model.fp64());
        StateDict d = new StateDict();
        for (ModelBinding.ParamBinding p : model.params()) {
            if (p.grad() >= 0) {
                // in the program's precision: an fp64 program's gradients stay F64
                double[] g = Reals.read(ex.buffer(p.grad()), (int) p.elements(), model.fp64());
                d.put(p.name(), model.fp64() ? HostTensor.ofDoubles(p.shape(), g)
                        : HostTensor.fromDoubles(dev.cnnc.train.io.DType.F32, p.shape(), g));
            }
        }
        return new Gradients(mean(losses), logits, d);
    }

    /**
     * The logits of the last {@link #gradients} or {@link #trainStep} batch, in the program's
     * precision ([batch, classes] row-major; exact in an fp64 program).
     */
    public double[] lastLogits() {
        return Reals.read(ex.buffer(model.logits()), model.batch() * model.classes(), model.fp64());
    }

    /**
     * {@link #forward} in doubles, which an fp64 program keeps exact in and out (an fp32
     * program rounds the images to floats).
     */
    public double[] forward(double[] images) {
        int s = model.sampleLength();
        int n = samples(images.length);
        int k = model.classes();
        int b = model.batch();
        double[] out = new double[n * k];
        double[] chunk = new double[b * s];
        for (int first = 0; first < n; first += b) {
            int m = Math.min(b, n - first);
            java.util.Arrays.fill(chunk, 0);
            System.arraycopy(images, first * s, chunk, 0, m * s);
            Reals.write(ex.buffer(model.input()), chunk, model.fp64());
            ex.run(ModelBinding.EVALUATION);
            double[] logits = Reals.read(ex.buffer(model.logits()), b * k, model.fp64());
            System.arraycopy(logits, 0, out, first * k, m * k);
        }
        return out;
    }

    /**
     * One optimizer step on exactly one batch (the recipe's optimizer at the current base
     * rate, with its gradient clipping); returns the batch's mean loss before the update.
     */
    public double trainStep(float[] images, int[] labels) {
        double[] losses = forwardBackward(doubles(images), labels, optimizerSteps + 1);
        optimizerSteps++;
        double sumSq = recipe.gradClip() > 0 ? StepVariables.gradSumOfSquares(ex) : 0;
        StepVariables.set(ex, recipe.optimizer(), recipe.beta1(), recipe.beta2(), optimizerSteps, lr,
                StepVariables.gradScale(sumSq, 1, recipe.gradClip()));
        ex.run(StepVariables.OPTIMIZER);
        return mean(losses);
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private double[] forwardBackward(double[] images, int[] labels, long batchIndex) {
        model.requireTrainable();
        int n = samples(images.length);
        if (n != model.batch() || labels.length != n) {
            throw new IllegalArgumentException(model.name() + " was compiled for batches of " + model.batch()
                    + " samples; got " + n + " images and " + labels.length + " labels (compile with --batch "
                    + n + " for another size)");
        }
        for (int y : labels) {
            if (y < 0 || y >= model.classes()) {
                throw new IllegalArgumentException("label " + y + " is not in [0, " + model.classes() + ")");
            }
        }
        ex.prepare(model.stepPhases()); // all at once, before the first step
        Reals.write(ex.buffer(model.input()), images, model.fp64());
        ex.buffer(model.labels()).write(labels);
        ex.set(StepVariables.SEED, StepVariables.batchSeed(seed, batchIndex));
        for (String phase : new String[] {"zero_param_grads", "forward", "zero_grads", "loss", "backward"}) {
            ex.run(phase);
        }
        return Reals.read(ex.buffer(model.loss()), n, model.fp64());
    }

    private int samples(float[] images) {
        return samples(images.length);
    }

    private int samples(int values) {
        int s = model.sampleLength();
        if (values == 0 || values % s != 0) {
            throw new IllegalArgumentException(model.name() + " takes samples of " + s + " values "
                    + java.util.Arrays.toString(model.inputShape()) + "; got " + values + " values");
        }
        return values / s;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum / v.length;
    }

    @Override
    public void close() {
        try {
            ex.close();
        } finally {
            device.close();
        }
    }
}
