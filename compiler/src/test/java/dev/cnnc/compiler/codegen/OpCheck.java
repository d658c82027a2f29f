package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.reference.FiniteDifference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The verification every op's kernels go through, against an independent double-precision
 * reference:
 * <ul>
 *   <li>forward in fp64 within 1e-10 and in fp32 within 1e-4 (relative L2: ‖out − ref‖ / ‖ref‖);
 *   <li>backward (every input and parameter gradient) in fp64 against the reference within 1e-9;
 *   <li>backward in fp64 against central finite differences of the device's own forward, Glow's
 *       error |g1 − g2| / |g1 + g2 + 1| below 1e-6, on a sample of elements;
 *   <li>backward in fp32 against the fp64 analytic gradient within 1e-4.
 * </ul>
 * A case gives the model source, and a reference that maps the tensors (inputs and parameters,
 * by name) to the output and, given the output's gradient, to every gradient.
 */
final class OpCheck {
    /** The reference: forward, and backward returning gradients keyed like the data. */
    interface Reference {
        double[] forward(Map<String, double[]> data);

        Map<String, double[]> backward(Map<String, double[]> data, double[] dy);
    }

    /** How the data of a case is drawn: by default uniform in [-1, 1]. */
    interface Fill {
        double[] draw(String name, int elements, Random rnd);
    }

    static final Fill UNIFORM = (name, n, rnd) -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextDouble() * 2 - 1;
        }
        return d;
    };

    private OpCheck() {
    }

    /** Names of the data: model inputs ("x") and trainable parameters ("fc.weight"). */
    static List<String> dataNames(Graph g) {
        // Inputs first, then parameters and buffers with float data.
        List<String> names = new ArrayList<>();
        for (Value v : g.inputs()) {
            names.add(v.name());
        }
        for (Param p : g.params()) {
            names.add(p.name());
        }
        return names;
    }

    static void verify(String source, int batch, long seed, Reference ref) {
        verify(source, batch, seed, ref, UNIFORM, true);
    }

    static void verify(String source, int batch, long seed, Reference ref, Fill fill, boolean checkBackward) {
        Graph g = KernelHarness.compile(source);
        Random rnd = new Random(seed);
        Map<String, double[]> data = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Value v : g.inputs()) {
            int n = (int) (batch * v.shape().elements());
            data.put(v.name(), fill.draw(v.name(), n, rnd));
            sizes.put(v.name(), n);
        }
        for (Param p : g.params()) {
            if (!p.type().dtype().isFloat()) {
                continue; // num_batches_tracked: bookkeeping, not data
            }
            int n = (int) p.elements();
            data.put(p.name(), fill.draw(p.name(), n, rnd));
            sizes.put(p.name(), n);
        }
        Value out = g.outputs().values().iterator().next();
        int outN = (int) (batch * out.shape().elements());
        double[] dy = UNIFORM.draw("dy", outN, rnd);
        double[] expected = ref.forward(copy(data));

        Map<String, double[]> analytic64;
        try (KernelHarness h = new KernelHarness(g, batch, Precision.FP64, checkBackward)) {
            load(h, data);
            h.forward();
            double[] got = h.value(out);
            assertClose("forward fp64", expected, got, 1e-10, source);
            if (!checkBackward) {
                analytic64 = null;
            } else {
                h.backward(dy);
                analytic64 = grads(h, sizes);
                Map<String, double[]> expectedGrads = ref.backward(copy(data), dy.clone());
                for (Map.Entry<String, double[]> e : expectedGrads.entrySet()) {
                    assertClose("gradient of " + e.getKey() + " fp64", e.getValue(), analytic64.get(e.getKey()), 1e-9,
                            source);
                }
                finiteDifferences(h, data, sizes, dy, analytic64, rnd, source);
            }
        }
        try (KernelHarness h = new KernelHarness(g, batch, Precision.FP32, checkBackward)) {
            load(h, data);
            h.forward();
            assertClose("forward fp32", expected, h.value(out), 1e-4, source);
            if (checkBackward) {
                h.backward(dy);
                Map<String, double[]> g32 = grads(h, sizes);
                for (Map.Entry<String, double[]> e : analytic64.entrySet()) {
                    assertClose("gradient of " + e.getKey() + " fp32 vs fp64", e.getValue(), g32.get(e.getKey()), 1e-4,
                            source);
                }
            }
        }
    }

    private static void load(KernelHarness h, Map<String, double[]> data) {
        for (Value v : h.graph.inputs()) {
            h.setInput(v, data.get(v.name()));
        }
        for (Param p : h.graph.params()) {
            if (data.containsKey(p.name())) {
                h.setParam(p.name(), data.get(p.name()));
            }
        }
    }

    private static Map<String, double[]> grads(KernelHarness h, Map<String, Integer> sizes) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Value v : h.graph.inputs()) {
            out.put(v.name(), h.grad(v));
        }
        for (Param p : h.graph.params()) {
            if (p.trainable()) {
                out.put(p.name(), h.paramGrad(p.name(), sizes.get(p.name())));
            }
        }
        return out;
    }

    /** Central differences of L = Σ dy · forward(data) on the device in fp64, at up to 24 elements per tensor. */
    private static void finiteDifferences(KernelHarness h, Map<String, double[]> data, Map<String, Integer> sizes,
                                          double[] dy, Map<String, double[]> analytic, Random rnd, String source) {
        double step = FiniteDifference.STEP;
        for (Map.Entry<String, double[]> e : analytic.entrySet()) {
            String name = e.getKey();
            double[] x = data.get(name);
            int samples = Math.min(24, x.length);
            for (int s = 0; s < samples; s++) {
                int i = x.length <= 24 ? s : rnd.nextInt(x.length);
                double keep = x[i];
                x[i] = keep + step;
                double plus = loss(h, data, dy);
                x[i] = keep - step;
                double minus = loss(h, data, dy);
                x[i] = keep;
                double numeric = (plus - minus) / (2 * step);
                double err = FiniteDifference.relativeError(e.getValue()[i], numeric);
                assertTrue(err < 1e-6, () -> "finite differences disagree for " + name + "[" + i + "]: analytic "
                        + e.getValue()[i] + ", numeric " + numeric + "\n" + source);
            }
        }
        load(h, data);
    }

    private static double loss(KernelHarness h, Map<String, double[]> data, double[] dy) {
        load(h, data);
        h.forward();
        double[] y = h.value(h.output());
        double l = 0;
        for (int i = 0; i < y.length; i++) {
            l += dy[i] * y[i];
        }
        return l;
    }

    static void assertClose(String what, double[] expected, double[] got, double tolerance, String source) {
        assertTrue(expected.length == got.length, what + ": " + got.length + " values, expected " + expected.length);
        double diff = 0;
        double norm = 0;
        int worst = 0;
        double worstDiff = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = got[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
            if (Math.abs(d) > worstDiff) {
                worstDiff = Math.abs(d);
                worst = i;
            }
        }
        double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
        if (norm == 0) {
            rel = Math.sqrt(diff);
        }
        final int w = worst;
        final double r = rel;
        assertTrue(rel <= tolerance, () -> what + ": relative error " + r + " > " + tolerance + " (worst at " + w
                + ": got " + got[w] + ", expected " + expected[w] + ")\n" + source);
    }

    private static Map<String, double[]> copy(Map<String, double[]> data) {
        Map<String, double[]> c = new LinkedHashMap<>();
        data.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }
}
