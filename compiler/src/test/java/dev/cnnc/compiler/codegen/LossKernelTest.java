package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.reference.DenseRef;
import dev.cnnc.compiler.reference.FiniteDifference;
import dev.cnnc.compiler.reference.LossRef;
import dev.cnnc.compiler.reference.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused softmax cross-entropy appended by {@link Lowering} ({@code loss: true}), run the way a
 * training step runs it (forward, zero_grads, zero_param_grads, loss, backward) on
 * {@code dense(units)} over {@code [features]} inputs, against {@link LossRef#crossEntropy} and
 * {@link LossRef#crossEntropyBackward} composed with {@link DenseRef}: the mean loss, the logits'
 * gradient and every gradient behind it (input, weight, bias) in fp64 (1e-10 / 1e-9) and fp32
 * (1e-4), central finite differences of the device's fp64 mean loss (Glow's error below 1e-6),
 * with and without label smoothing, and logits around ±1000.
 */
class LossKernelTest {

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(4, 7, 5, 0.0), Arguments.of(4, 7, 5, 0.1), Arguments.of(1, 7, 5, 0.0),
                Arguments.of(3, 6, 1, 0.1), Arguments.of(5, 3, 9, 0.25));
    }

    @ParameterizedTest(name = "batch {0}, dense {1} -> {2}, smoothing {3}")
    @MethodSource("cases")
    void crossEntropy(int batch, int features, int classes, double smoothing) {
        Random rnd = new Random(31L * batch + 7L * features + classes + (long) (smoothing * 100));
        Map<String, double[]> data = new LinkedHashMap<>();
        data.put("x", uniform(rnd, batch * features, 2));
        data.put("fc.weight", uniform(rnd, classes * features, 1));
        data.put("fc.bias", uniform(rnd, classes, 1));
        int[] labels = labels(rnd, batch, classes);
        verify(batch, features, classes, smoothing, data, labels, true);
    }

    /**
     * Logits around ±1000 (the bias), where exp overflows without the max subtracted: no NaN or
     * infinity, and the same values and gradients as the reference. The label sits on a large and
     * on a small logit, so per-sample losses are near 0 and near 2000.
     */
    @ParameterizedTest(name = "smoothing {0}")
    @MethodSource("smoothings")
    void stableForLargeLogits(double smoothing) {
        int batch = 4;
        int features = 7;
        int classes = 5;
        Random rnd = new Random(77);
        Map<String, double[]> data = new LinkedHashMap<>();
        // x and w multiples of 1/8, the bias near ±1000 in multiples of 1/4: every logit is exact in fp32
        // (its spacing near 1000 is 2^-14), so the fp32 check measures the loss, not the rounding of dense.
        data.put("x", eighths(rnd, batch * features));
        data.put("fc.weight", eighths(rnd, classes * features));
        data.put("fc.bias", new double[] {1000, -1000, 1000.5, 999.25, -999.75});
        int[] labels = {0, 1, 3, 4};
        verify(batch, features, classes, smoothing, data, labels, true);
    }

    static Stream<Double> smoothings() {
        return Stream.of(0.0, 0.1);
    }

    private static void verify(int batch, int features, int classes, double smoothing, Map<String, double[]> data,
                               int[] labels, boolean finiteDifferences) {
        String src = "model M { input x: [" + features + "]  output y = x -> dense(" + classes + ") as fc }";
        Tensor x = Tensor.of(data.get("x"), batch, features);
        Tensor w = Tensor.of(data.get("fc.weight"), classes, features);
        Tensor b = Tensor.of(data.get("fc.bias"), classes);
        Tensor z = DenseRef.dense(x, w, b);
        double expectedLoss = LossRef.crossEntropy(z, labels, smoothing);
        Tensor dz = LossRef.crossEntropyBackward(z, labels, smoothing, 1);
        DenseRef.Grads g = DenseRef.denseBackward(x, w, true, dz);
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put("x", g.dx().data());
        expected.put("fc.weight", g.dw().data());
        expected.put("fc.bias", g.db().data());

        Map<String, double[]> analytic64 = null;
        for (Precision p : new Precision[] {Precision.FP64, Precision.FP32}) {
            double valueTol = p == Precision.FP64 ? 1e-10 : 1e-4;
            double gradTol = p == Precision.FP64 ? 1e-9 : 1e-4;
            String what = src + " (" + p + ", smoothing " + smoothing + ")";
            try (LossHarness h = new LossHarness(KernelHarness.compile(src), batch, p, smoothing)) {
                load(h, data, labels);
                h.step();
                double[] losses = h.losses();
                for (double l : losses) {
                    assertTrue(Double.isFinite(l), () -> "per-sample loss not finite: " + java.util.Arrays.toString(
                            losses) + "\n" + what);
                }
                double mean = h.meanLoss();
                assertEquals(expectedLoss, mean, valueTol * Math.max(1, Math.abs(expectedLoss)),
                        "mean loss\n" + what);
                OpCheck.assertClose("logits " + p, z.data(), h.logits(), valueTol, what);
                OpCheck.assertClose("gradient of the logits " + p, dz.data(), finite(h.outputGrad(), what), gradTol,
                        what);
                Map<String, double[]> got = grads(h, classes, features);
                for (Map.Entry<String, double[]> e : expected.entrySet()) {
                    OpCheck.assertClose("gradient of " + e.getKey() + " " + p, e.getValue(),
                            finite(got.get(e.getKey()), what), gradTol, what);
                }
                if (p == Precision.FP64) {
                    analytic64 = got;
                    if (finiteDifferences) {
                        finiteDifferences(h, data, labels, got, what);
                    }
                } else {
                    // fp32 against the fp64 analytic gradient, as OpCheck does for every op.
                    for (Map.Entry<String, double[]> e : analytic64.entrySet()) {
                        OpCheck.assertClose("gradient of " + e.getKey() + " fp32 vs fp64", e.getValue(),
                                got.get(e.getKey()), 1e-4, what);
                    }
                }
            }
        }
    }

    /** Central differences of the device's fp64 mean loss, at every element (the tensors are small). */
    private static void finiteDifferences(LossHarness h, Map<String, double[]> data, int[] labels,
                                          Map<String, double[]> analytic, String what) {
        double step = FiniteDifference.STEP;
        for (Map.Entry<String, double[]> e : analytic.entrySet()) {
            String name = e.getKey();
            double[] v = data.get(name);
            for (int i = 0; i < v.length; i++) {
                double keep = v[i];
                v[i] = keep + step;
                load(h, data, labels);
                double plus = h.meanLossOnly();
                v[i] = keep - step;
                load(h, data, labels);
                double minus = h.meanLossOnly();
                v[i] = keep;
                double numeric = (plus - minus) / (2 * step);
                double err = FiniteDifference.relativeError(e.getValue()[i], numeric);
                final int at = i;
                assertTrue(err < 1e-6, () -> "finite differences of the mean loss disagree for " + name + "[" + at
                        + "]: analytic " + e.getValue()[at] + ", numeric " + numeric + "\n" + what);
            }
        }
        load(h, data, labels);
    }

    private static void load(LossHarness h, Map<String, double[]> data, int[] labels) {
        h.setInput(data.get("x"));
        h.setParam("fc.weight", data.get("fc.weight"));
        h.setParam("fc.bias", data.get("fc.bias"));
        h.setLabels(labels);
    }

    private static Map<String, double[]> grads(LossHarness h, int classes, int features) {
        Map<String, double[]> g = new LinkedHashMap<>();
        g.put("x", h.inputGrad());
        g.put("fc.weight", h.paramGrad("fc.weight", classes * features));
        g.put("fc.bias", h.paramGrad("fc.bias", classes));
        return g;
    }

    private static double[] finite(double[] v, String what) {
        for (double d : v) {
            assertTrue(Double.isFinite(d), () -> "gradient not finite: " + java.util.Arrays.toString(v) + "\n" + what);
        }
        return v;
    }

    private static double[] uniform(Random rnd, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return d;
    }

    /** Multiples of 1/8 in [-1, 1]. */
    private static double[] eighths(Random rnd, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (rnd.nextInt(17) - 8) / 8.0;
        }
        return d;
    }

    private static int[] labels(Random rnd, int batch, int classes) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = rnd.nextInt(classes);
        }
        return y;
    }
}
