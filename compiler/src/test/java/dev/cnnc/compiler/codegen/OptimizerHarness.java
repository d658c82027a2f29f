package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a model lowered with an optimizer ({@link OptimizerLowering}) on the OpenCL device: write
 * parameters and their gradient buffers, set the step's variables as a host does, run the
 * optimizer's phases, read parameters and state back, in doubles whatever the precision.
 */
final class OptimizerHarness implements AutoCloseable {
    final Graph graph;
    final Lowered lowered;
    final Executor executor;
    final Precision precision;
    final OptimizerLowering.Config config;
    final int batch;

    OptimizerHarness(String source, int batch, Precision precision, OptimizerLowering.Config config, boolean loss) {
        this.graph = KernelHarness.compile(source);
        this.batch = batch;
        this.precision = precision;
        this.config = config;
        this.lowered = Lowering.lower(graph, Lowering.Options.builder().batch(batch).precision(precision).training(true)
                .loss(loss ? LossLowering.Loss.crossEntropy(0) : null).build(), config);
        this.executor = new Executor(KernelHarness.device(), lowered.program());
        executor.set("seed", 1234);
    }

    /** The trainable parameters' element counts, in program order. */
    Map<String, Integer> trainable() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Param p : graph.params()) {
            if (p.trainable()) {
                m.put(p.name(), (int) p.elements());
            }
        }
        return m;
    }

    void write(int buffer, double[] data) {
        Reals.write(executor.buffer(buffer), data, precision == Precision.FP64);
    }

    double[] read(int buffer, int elements) {
        return Reals.read(executor.buffer(buffer), elements, precision == Precision.FP64);
    }

    void setParam(String name, double[] v) {
        write(lowered.param(name), v);
    }

    double[] param(String name) {
        return read(lowered.param(name), trainable().get(name));
    }

    void setGrad(String name, double[] v) {
        write(lowered.paramGrad(name), v);
    }

    double[] grad(String name) {
        return read(lowered.paramGrad(name), trainable().get(name));
    }

    double[] state(String name, String state) {
        return read(lowered.program().bufferIndex(OptimizerLowering.stateBufferName(name, state)),
                trainable().get(name));
    }

    void setInput(double[] x) {
        write(lowered.value(graph.inputs().get(0)), x);
    }

    void setLabels(int[] labels) {
        executor.buffer(lowered.labels()).write(labels);
    }

    Value output() {
        return graph.outputs().values().iterator().next();
    }

    /** Forward, zero activation gradients, loss, backward: gradients ADD into the parameter gradients. */
    void backwardAccumulating() {
        executor.run(Lowered.FORWARD);
        executor.run(Lowered.ZERO_GRADS);
        executor.run(Lowered.LOSS);
        executor.run(Lowered.BACKWARD);
    }

    /**
     * Sets the variables of step {@code t} (1, 2, ...) as the host does: {@code lr},
     * {@code grad_scale}, and Adam's step size and bias correction computed in double.
     */
    void setStep(long t, double lr, double gradScale) {
        executor.set(OptimizerLowering.LR, lr);
        executor.set(OptimizerLowering.GRAD_SCALE, gradScale);
        if (config.adamFamily()) {
            executor.set(OptimizerLowering.ADAM_STEP_SIZE, lr / (1 - Math.pow(config.beta1(), t)));
            executor.set(OptimizerLowering.ADAM_BIAS_CORRECTION2_SQRT, Math.sqrt(1 - Math.pow(config.beta2(), t)));
        }
    }

    void step(long t, double lr, double gradScale) {
        setStep(t, lr, gradScale);
        executor.run(OptimizerLowering.OPTIMIZER);
    }

    double gradNormSquared() {
        executor.run(OptimizerLowering.GRAD_NORM);
        return read(lowered.program().bufferIndex(OptimizerLowering.GRAD_NORM_SQ_BUFFER), 1)[0];
    }

    @Override
    public void close() {
        executor.close();
    }
}
