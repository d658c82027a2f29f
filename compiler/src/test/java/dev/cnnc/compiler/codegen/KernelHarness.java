package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;
import java.util.List;

/**
 * Runs a lowered .cnn model on the OpenCL device for kernel tests: set inputs and parameters,
 * run forward, set the output's gradient, run backward, read everything back, in doubles
 * whatever the kernels' precision. Without an OpenCL device the tests fail saying how to get one.
 */
final class KernelHarness implements AutoCloseable {
    private static ClDevice device;

    final Graph graph;
    final Lowered lowered;
    final Executor executor;
    final Precision precision;
    final int batch;

    KernelHarness(Graph graph, int batch, Precision precision, boolean training) {
        this(graph, batch, precision, training, true);
    }

    /**
     * With {@code planMemory} false every buffer keeps its value after its sequence, for tests
     * that run a phase again on its own (the memory plan assumes the host's phase order).
     */
    KernelHarness(Graph graph, int batch, Precision precision, boolean training, boolean planMemory) {
        this.graph = graph;
        this.batch = batch;
        this.precision = precision;
        this.lowered = Lowering.lower(graph, Lowering.Options.builder().batch(batch).precision(precision)
                .training(training).inputGradients(training).planMemory(planMemory).build());
        this.executor = new Executor(device(), lowered.program());
        executor.set("seed", 1234);
    }

    static synchronized ClDevice device() {
        if (device == null) {
            try {
                device = ClDevice.open((String) null);
            } catch (ClException e) {
                return fail("kernel tests need an OpenCL device (PoCL: apt-get install -y pocl-opencl-icd "
                        + "ocl-icd-libopencl1 ocl-icd-opencl-dev) and found none:\n" + e.getMessage());
            }
        }
        return device;
    }

    static Graph compile(String source) {
        Compilation c = new Compiler(List.of()).check("kernel_test.cnn", source, null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()) + "\n" + source);
        return c.models().get(0);
    }

    Value input(int i) {
        return graph.inputs().get(i);
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

    int[] readInts(int buffer, int elements) {
        int[] out = new int[elements];
        executor.buffer(buffer).read(out);
        return out;
    }

    /** A node's saved scratch buffer, read back (reals). */
    double[] saved(String node, String name, int elements) {
        return read(lowered.saved(node, name), elements);
    }

    int[] savedInts(String node, String name, int elements) {
        return readInts(lowered.saved(node, name), elements);
    }

    void setInput(Value v, double[] data) {
        write(lowered.value(v), data);
    }

    void setParam(String name, double[] data) {
        write(lowered.param(name), data);
    }

    double[] value(Value v) {
        return read(lowered.value(v), (int) (batch * v.shape().elements()));
    }

    double[] param(String name, int elements) {
        return read(lowered.param(name), elements);
    }

    void forward() {
        executor.run(Lowered.FORWARD);
    }

    /** Zeroes every gradient, sets the output's gradient to {@code dy}, and runs the backward rules. */
    void backward(double[] dy) {
        executor.run(Lowered.ZERO_GRADS);
        executor.run(Lowered.ZERO_PARAM_GRADS);
        write(lowered.grad(output()), dy);
        executor.run(Lowered.BACKWARD);
    }

    double[] grad(Value v) {
        return read(lowered.grad(v), (int) (batch * v.shape().elements()));
    }

    double[] paramGrad(String name, int elements) {
        return read(lowered.paramGrad(name), elements);
    }

    @Override
    public void close() {
        executor.close();
    }
}
