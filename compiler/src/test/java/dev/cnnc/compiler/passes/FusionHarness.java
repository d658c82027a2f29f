package dev.cnnc.compiler.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.Bindings;
import dev.cnnc.compiler.codegen.Lowered;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Reals;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Runs a graph and the same graph after fusion passes, for tests that check a fusion changes
 * the program and not the results.
 */
final class FusionHarness {
    private static ClDevice device;

    private FusionHarness() {
    }

    static synchronized ClDevice device() {
        if (device == null) {
            device = ClDevice.open((String) null);
        }
        return device;
    }

    static Graph compile(String source) {
        Compilation c = new Compiler(List.of()).check("m.cnn", source, null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    static Graph stdlib(String file) {
        Compilation c = new Compiler(List.of(Library.folder(Path.of("..", "stdlib"))))
                .check(Path.of("..", "stdlib", "models", file));
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    /** Random inputs of {@code g}'s one input for {@code batch} samples. */
    static float[] input(Graph g, int batch, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[(int) (batch * g.inputs().get(0).shape().elements())];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /**
     * The output of an inference-only program of {@code g}: every parameter set from its name
     * (so a graph and its fused form get the same values), with running statistics far from
     * their initial 0 and 1 (mean ~ N(0, 0.5), var in [0.5, 2.5)).
     */
    static double[] infer(Graph g, Lowering.Options o, float[] x) {
        Lowered l = Lowering.lower(g, o);
        boolean fp64 = o.precision() == Precision.FP64;
        try (Executor ex = new Executor(device(), l.program())) {
            for (Param prm : g.params()) {
                int n = (int) prm.elements();
                if (!prm.type().dtype().isFloat()) {
                    ex.buffer(l.param(prm.name())).write(new byte[8 * n]);
                    continue;
                }
                Random r = new Random(prm.name().hashCode());
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = prm.name().endsWith("running_var") ? 0.5 + 2 * r.nextDouble()
                            : prm.name().endsWith("running_mean") ? 0.5 * r.nextGaussian()
                            : prm.name().endsWith(".weight") && prm.type().shape().rank() == 1 ? 1 + 0.3 * r.nextGaussian()
                            : 0.3 * r.nextGaussian();
                }
                Reals.write(ex.buffer(l.param(prm.name())), v, fp64);
            }
            double[] xs = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xs[i] = x[i];
            }
            Reals.write(ex.buffer(l.value(g.inputs().get(0))), xs, fp64);
            ex.run(Lowered.FORWARD);
            Value out = g.outputs().values().iterator().next();
            return Reals.read(ex.buffer(l.value(out)), (int) (o.batch() * out.shape().elements()), fp64);
        }
    }

    record Training(double loss, double[] logits, StateDict grads, StateDict weights, double[] inference) {
    }

    /**
     * One training program of {@code g} (SGD with momentum and weight decay, cross-entropy):
     * the first step's loss, logits and gradients, the weights after two steps, then the
     * evaluation logits (running statistics).
     */
    static Training train(Graph g, Lowering.Options o, float[] x, int[] labels) {
        return train(g, g, o, x, labels);
    }

    /** As {@link #train(Graph, Lowering.Options, float[], int[])}, evaluating with {@code inference}'s program. */
    static Training train(Graph g, Graph inference, Lowering.Options o, float[] x, int[] labels) {
        OptimizerLowering.Config opt = OptimizerLowering.Config.sgd(0.1, 0.9, false, 1e-4);
        LossLowering.Loss loss = LossLowering.Loss.crossEntropy(0);
        ModelBinding m = Bindings.of(Lowering.lower(g, inference, Lowering.Options.builder().batch(labels.length)
                .precision(o.precision()).training(true).loss(loss).matrixKernels(o.matrixKernels()).tuning(o.tuning())
                .build(), opt));
        try (ModelSession s = ModelSession.open(m, Recipes.of(g, opt, loss, labels.length, "fp64"),
                Devices.select(null))) {
            s.initialize(11);
            ModelSession.Gradients first = s.gradients(x, labels);
            s.trainStep(x, labels);
            s.trainStep(x, labels);
            StateDict w = Checkpoints.weights(m, s.executor());
            float[] evaluation = s.forward(x);
            return new Training(first.loss(), doubles(first.logits()), first.grads(), w, doubles(evaluation));
        }
    }

    /** Fused and unfused training agree: loss, logits, every gradient, weights after two steps, evaluation. */
    static void assertSameTraining(Training plain, Training fused, double tol) {
        assertClose("loss", new double[] {plain.loss()}, new double[] {fused.loss()}, tol);
        assertClose("logits", plain.logits(), fused.logits(), tol);
        // By name: a fusion may move a node, and its parameters with it, later in the graph.
        assertEquals(new java.util.TreeSet<>(plain.grads().names()), new java.util.TreeSet<>(fused.grads().names()));
        for (String name : plain.grads().names()) {
            assertClose("grad " + name, plain.grads().require(name).toDoubleArray(),
                    fused.grads().require(name).toDoubleArray(), tol);
        }
        assertEquals(new java.util.TreeSet<>(plain.weights().names()), new java.util.TreeSet<>(fused.weights().names()));
        for (String name : plain.weights().names()) {
            assertClose("after two steps: " + name, plain.weights().require(name).toDoubleArray(),
                    fused.weights().require(name).toDoubleArray(), tol);
        }
        assertClose("inference logits", plain.inference(), fused.inference(), tol);
    }

    static double[] doubles(float[] f) {
        return HostTensor.ofFloats(new long[] {f.length}, f).toDoubleArray();
    }

    static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what);
        assertFalse(expected.length == 0, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(expected[i]), what + "[" + i + "] is " + expected[i]);
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
