package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;

/**
 * Runs a model lowered with a fused softmax loss (cross-entropy or focal) on the OpenCL device: the training
 * step's own path (forward, zero_grads, zero_param_grads, loss, backward), with labels in the
 * program's int buffer and the per-sample losses read back. Unlike {@link KernelHarness#backward},
 * nothing writes the output's gradient directly: the loss phase produces it.
 */
final class LossHarness implements AutoCloseable {
    final Graph graph;
    final Lowered lowered;
    final Executor executor;
    final Precision precision;
    final int batch;

    LossHarness(Graph graph, int batch, Precision precision, double labelSmoothing) {
        this(graph, batch, precision, LossLowering.Loss.crossEntropy(labelSmoothing));
    }

    LossHarness(Graph graph, int batch, Precision precision, LossLowering.Loss loss) {
        this.graph = graph;
        this.batch = batch;
        this.precision = precision;
        this.lowered = Lowering.lower(graph, Lowering.Options.builder().batch(batch).precision(precision).training(true)
                .inputGradients(true).loss(loss).build());
        this.executor = new Executor(KernelHarness.device(), lowered.program());
        executor.set("seed", 1234);
    }

    Value input() {
        return graph.inputs().get(0);
    }

    Value output() {
        return graph.outputs().values().iterator().next();
    }

    void write(int buffer, double[] data) {
        Reals.write(executor.buffer(buffer), data, precision == Precision.FP64);
    }

    double[] read(int buffer, int elements) {
        return Reals.read(executor.buffer(buffer), elements, precision == Precision.FP64);
    }

    void setInput(double[] data) {
        write(lowered.value(input()), data);
    }

    void setParam(String name, double[] data) {
        write(lowered.param(name), data);
    }

    void setLabels(int[] labels) {
        executor.buffer(lowered.labels()).write(labels);
    }

    /** One training step without an update: every phase in the order a trainer runs them. */
    void step() {
        executor.run(Lowered.FORWARD);
        executor.run(Lowered.ZERO_GRADS);
        executor.run(Lowered.ZERO_PARAM_GRADS);
        executor.run(Lowered.LOSS);
        executor.run(Lowered.BACKWARD);
    }

    /** Only what the loss needs: forward and the loss phase (for finite differences). */
    double meanLossOnly() {
        executor.run(Lowered.FORWARD);
        executor.run(Lowered.ZERO_GRADS);
        executor.run(Lowered.LOSS);
        return meanLoss();
    }

    double[] losses() {
        return read(lowered.loss(), batch);
    }

    double meanLoss() {
        double s = 0;
        for (double l : losses()) {
            s += l;
        }
        return s / batch;
    }

    double[] logits() {
        return read(lowered.value(output()), (int) (batch * output().shape().elements()));
    }

    double[] outputGrad() {
        return read(lowered.grad(output()), (int) (batch * output().shape().elements()));
    }

    double[] inputGrad() {
        return read(lowered.grad(input()), (int) (batch * input().shape().elements()));
    }

    double[] paramGrad(String name, int elements) {
        return read(lowered.paramGrad(name), elements);
    }

    @Override
    public void close() {
        executor.close();
    }
}
