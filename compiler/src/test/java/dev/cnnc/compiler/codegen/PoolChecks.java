package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.reference.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * Checks of the pooling kernels beyond {@link OpCheck}: a reference built from {@code PoolRef}
 * functions of one input {@code x}, and a sweep of many poolings in one model against the
 * reference alone, in training and inference mode (also where finite differences do not apply:
 * ties).
 */
final class PoolChecks {
    private PoolChecks() {
    }

    /** An {@link OpCheck.Reference} for a model with one input {@code x} of {@code shape} and no parameters. */
    static OpCheck.Reference reference(int[] shape, UnaryOperator<Tensor> forward, BinaryOperator<Tensor> backward) {
        return new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return forward.apply(Tensor.of(d.get("x"), shape)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                Tensor x = Tensor.of(d.get("x"), shape);
                Tensor y = forward.apply(x);
                return Map.of("x", backward.apply(x, Tensor.of(dy, y.shape())).data());
            }
        };
    }

    /**
     * One pooling of a sweep: layer {@code name}, per-sample input shape {@code [c, h, w]}, the
     * call in the language, and the reference (its backward takes x and dy).
     */
    record SweepCase(String name, int[] sampleShape, String call, UnaryOperator<Tensor> forward,
                     BinaryOperator<Tensor> backward) {
        int[] shape(int batch) {
            return new int[] {batch, sampleShape[0], sampleShape[1], sampleShape[2]};
        }

        @Override
        public String toString() {
            return name + ": " + Arrays.toString(sampleShape) + " -> " + call;
        }
    }

    /**
     * Many poolings in one model (input {@code in_<name>} -> call {@code as <name>} -> output
     * {@code out_<name>}): training in fp64 and fp32 (forward within 1e-10 and 1e-4 of the
     * reference, every input gradient within 1e-9 and 1e-4) and inference in fp64 (forward within
     * 1e-10; max poolings keep no argmax there, fractional pooling still samples). No finite
     * differences: inputs may have ties.
     */
    static void sweep(int batch, long seed, List<SweepCase> cases, OpCheck.Fill fill) {
        StringBuilder src = new StringBuilder("model Sweep {\n");
        for (SweepCase k : cases) {
            int[] s = k.sampleShape();
            src.append("  input in_").append(k.name()).append(": [").append(s[0]).append(", ").append(s[1])
                    .append(", ").append(s[2]).append("]\n");
            src.append("  output out_").append(k.name()).append(" = in_").append(k.name()).append(" -> ")
                    .append(k.call()).append(" as ").append(k.name()).append("\n");
        }
        String source = src.append("}\n").toString();
        Graph g = KernelHarness.compile(source);
        Random rnd = new Random(seed);
        Map<String, Tensor> xs = new LinkedHashMap<>();
        Map<String, Tensor> dys = new LinkedHashMap<>();
        Map<String, Tensor> ys = new LinkedHashMap<>();
        Map<String, Tensor> dxs = new LinkedHashMap<>();
        for (SweepCase k : cases) {
            Tensor x = Tensor.of(fill.draw(k.name(), Tensor.count(k.shape(batch)), rnd), k.shape(batch));
            Tensor y = k.forward().apply(x);
            Tensor dy = Tensor.random(rnd, y.shape());
            xs.put(k.name(), x);
            ys.put(k.name(), y);
            dys.put(k.name(), dy);
            dxs.put(k.name(), k.backward().apply(x, dy));
        }
        for (boolean training : new boolean[] {true, false}) {
            // Inference runs the same arithmetic as training's forward in fp32; fp64 checks its own kernels.
            for (Precision p : training ? new Precision[] {Precision.FP64, Precision.FP32}
                    : new Precision[] {Precision.FP64}) {
                double fwdTol = p == Precision.FP64 ? 1e-10 : 1e-4;
                double bwdTol = p == Precision.FP64 ? 1e-9 : 1e-4;
                String mode = (training ? "training " : "inference ") + p;
                try (KernelHarness h = new KernelHarness(g, batch, p, training)) {
                    for (SweepCase k : cases) {
                        h.setInput(input(g, "in_" + k.name()), xs.get(k.name()).data());
                    }
                    h.forward();
                    for (SweepCase k : cases) {
                        OpCheck.assertClose(k + ", forward " + mode, ys.get(k.name()).data(),
                                h.value(g.outputs().get("out_" + k.name())), fwdTol, source);
                    }
                    if (!training) {
                        continue;
                    }
                    h.executor.run(Lowered.ZERO_GRADS);
                    h.executor.run(Lowered.ZERO_PARAM_GRADS);
                    for (SweepCase k : cases) {
                        h.write(h.lowered.grad(g.outputs().get("out_" + k.name())), dys.get(k.name()).data());
                    }
                    h.executor.run(Lowered.BACKWARD);
                    for (SweepCase k : cases) {
                        OpCheck.assertClose(k + ", gradient " + mode, dxs.get(k.name()).data(),
                                h.grad(input(g, "in_" + k.name())), bwdTol, source);
                    }
                }
            }
        }
    }

    private static Value input(Graph g, String name) {
        for (Value v : g.inputs()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no input " + name);
    }
}
