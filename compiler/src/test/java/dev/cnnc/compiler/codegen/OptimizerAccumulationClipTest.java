package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient accumulation and clipping on tiny models lowered with the real training phases:
 * k backward passes without zeroing the parameter gradients and one step with
 * {@code grad_scale = 1/k} equal one step on the whole batch; the {@code grad_norm} phase sums
 * Σg² over every parameter and chunk; the clipping factor {@code min(1, clip/(‖g‖ + 1e-6))}
 * (PyTorch's clip_grad_norm_) applied through {@code grad_scale} scales the update, and leaves it
 * alone below the threshold.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class OptimizerAccumulationClipTest {
    static final String MLP = "model M { input x: [4]  output y = x -> dense(5) as fc1 -> tanh -> dense(3) as fc2 }";
    /** fc1.weight has 2100 elements: three chunks of the norm's first pass, the last one partial. */
    static final String WIDE = "model M { input x: [300]  output y = x -> dense(7) as fc1 -> relu -> dense(3) as fc2 }";

    static double rel(Precision p) {
        return p == Precision.FP64 ? 1e-12 : 2e-5;
    }

    static double floor(Precision p) {
        return p == Precision.FP64 ? 1e-14 : 1e-6;
    }

    static void assertClose(double want, double got, Precision p, String what) {
        assertEquals(want, got, rel(p) * Math.abs(want) + floor(p), what);
    }

    static double[] gaussian(Random r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * r.nextGaussian();
        }
        return a;
    }

    static Stream<Arguments> accumulationCases() {
        List<OptimizerLowering.Config> cs = List.of(OptimizerLowering.Config.sgd(0.1, 0.9, false, 1e-3),
                OptimizerLowering.Config.sgd(0.1, 0.9, true, 0),
                OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0.01),
                OptimizerLowering.Config.adamw(0.01, 0.9, 0.999, 1e-8, 0.01));
        return Stream.of(Precision.FP32, Precision.FP64).flatMap( // (mixed: fp32's optimizer)
                p -> cs.stream().map(c -> Arguments.of(p, c)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accumulationCases")
    void threeBatchesOfTwoEqualOneBatchOfSix(Precision p, OptimizerLowering.Config c) {
        int k = 3;
        int micro = 2;
        Random r = new Random(42);
        try (OptimizerHarness acc = new OptimizerHarness(MLP, micro, p, c, true);
             OptimizerHarness whole = new OptimizerHarness(MLP, micro * k, p, c, true)) {
            Map<String, Integer> params = acc.trainable();
            for (Map.Entry<String, Integer> e : params.entrySet()) {
                double[] v = gaussian(r, e.getValue(), 0.5);
                acc.setParam(e.getKey(), v);
                whole.setParam(e.getKey(), v);
            }
            acc.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            whole.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            for (int t = 1; t <= 3; t++) {
                double[] x = gaussian(r, micro * k * 4, 1);
                int[] labels = new int[micro * k];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = r.nextInt(3);
                }
                acc.executor.run(Lowered.ZERO_PARAM_GRADS);
                for (int j = 0; j < k; j++) {
                    acc.setInput(java.util.Arrays.copyOfRange(x, j * micro * 4, (j + 1) * micro * 4));
                    acc.setLabels(java.util.Arrays.copyOfRange(labels, j * micro, (j + 1) * micro));
                    acc.backwardAccumulating();
                }
                whole.executor.run(Lowered.ZERO_PARAM_GRADS);
                whole.setInput(x);
                whole.setLabels(labels);
                whole.backwardAccumulating();
                for (String name : params.keySet()) {
                    double[] ga = acc.grad(name);
                    double[] gw = whole.grad(name);
                    for (int i = 0; i < ga.length; i++) {
                        // Each micro-batch's loss is its own mean: the sum of k means is k times the whole mean.
                        assertClose(k * gw[i], ga[i], p, "accumulated gradient " + name + "[" + i + "] step " + t);
                    }
                }
                acc.step(t, c.lr(), 1.0 / k);
                whole.step(t, c.lr(), 1.0);
                for (String name : params.keySet()) {
                    double[] pa = acc.param(name);
                    double[] pw = whole.param(name);
                    for (int i = 0; i < pa.length; i++) {
                        assertClose(pw[i], pa[i], p, c + " " + name + "[" + i + "] after step " + t);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void normOfKnownGradients(Precision p) {
        try (OptimizerHarness h = new OptimizerHarness(WIDE, 1, p, OptimizerLowering.Config.sgd(1, 0, false, 0),
                false)) {
            long want = 0;
            Map<String, double[]> grads = new LinkedHashMap<>();
            int salt = 0;
            for (Map.Entry<String, Integer> e : h.trainable().entrySet()) {
                double[] g = new double[e.getValue()];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (i + salt) % 7 - 3;
                    want += (long) (g[i] * g[i]);
                }
                salt++;
                grads.put(e.getKey(), g);
                h.setGrad(e.getKey(), g);
            }
            // Integers: every partial and the total are exact in float as well.
            assertEquals((double) want, h.gradNormSquared(), 0.0);
            // Partials: fc1.weight 2100 -> 3 chunks, fc1.bias 7, fc2.weight 21, fc2.bias 3 -> 1 each.
            int partials = h.lowered.program().bufferIndex(OptimizerLowering.GRAD_NORM_PARTIALS_BUFFER);
            assertEquals(6L * p.bytes(), h.lowered.program().buffers().get(partials).bytes());
            double[] got = h.read(partials, 6);
            double[] w = grads.get("fc1.weight");
            double[] expected = new double[6];
            for (int i = 0; i < w.length; i++) {
                expected[i / OptimizerLowering.CHUNK] += w[i] * w[i];
            }
            int slot = 3;
            for (String name : List.of("fc1.bias", "fc2.weight", "fc2.bias")) {
                for (double g : grads.get(name)) {
                    expected[slot] += g * g;
                }
                slot++;
            }
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
        }
    }

    /** PyTorch's clip_grad_norm_: the factor that multiplies every gradient. */
    static double clipFactor(double norm, double maxNorm) {
        return Math.min(1, maxNorm / (norm + 1e-6));
    }

    /**
     * Backward on a random batch accumulated over {@code k} micro-batches, then the norm of the
     * mean gradient from {@code grad_norm}, clipping to {@code clipRatio}·norm, and one plain SGD
     * step with lr 1: the update is exactly {@code grad_scale}·(summed gradient).
     */
    void clipCase(Precision p, int k, double clipRatio) {
        Random r = new Random(5 + k);
        try (OptimizerHarness h = new OptimizerHarness(WIDE, 2, p, OptimizerLowering.Config.sgd(1, 0, false, 0),
                true)) {
            Map<String, double[]> before = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : h.trainable().entrySet()) {
                double[] v = gaussian(r, e.getValue(), 0.1);
                h.setParam(e.getKey(), v);
                before.put(e.getKey(), h.param(e.getKey()));
            }
            h.executor.run(Lowered.ZERO_PARAM_GRADS);
            for (int j = 0; j < k; j++) {
                h.setInput(gaussian(r, 2 * 300, 1));
                h.setLabels(new int[] {r.nextInt(3), r.nextInt(3)});
                h.backwardAccumulating();
            }
            Map<String, double[]> grads = new LinkedHashMap<>();
            double sumSq = 0;
            for (String name : h.trainable().keySet()) {
                double[] g = h.grad(name);
                grads.put(name, g);
                for (double x : g) {
                    sumSq += x * x;
                }
            }
            double deviceSumSq = h.gradNormSquared();
            assertClose(sumSq, deviceSumSq, p, "Σg² of every parameter gradient");
            double norm = Math.sqrt(deviceSumSq) / k; // the norm of the mean gradient the step uses
            double maxNorm = clipRatio * norm;
            double factor = clipFactor(norm, maxNorm);
            if (clipRatio >= 1) {
                assertEquals(1.0, factor, 0.0, "no clipping below the threshold");
            } else {
                assertEquals(clipRatio, factor, 1e-5, "clipped to the threshold");
            }
            double scale = factor / k;
            h.step(1, 1.0, scale);
            double updateSq = 0;
            for (String name : h.trainable().keySet()) {
                double[] after = h.param(name);
                double[] b = before.get(name);
                double[] g = grads.get(name);
                for (int i = 0; i < g.length; i++) {
                    double want = b[i] - scale * g[i];
                    assertClose(want, after[i], p, name + "[" + i + "]");
                    updateSq += (b[i] - after[i]) * (b[i] - after[i]);
                }
            }
            // The step's norm is factor·‖mean g‖: the threshold (to the 1e-6 in the denominator) when clipped.
            assertEquals(factor * norm, Math.sqrt(updateSq), factor * norm * (p == Precision.FP64 ? 1e-9 : 1e-3),
                    "norm of the step");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void clipsAboveTheThreshold(Precision p) {
        clipCase(p, 1, 0.25);
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void leavesGradientsBelowTheThreshold(Precision p) {
        clipCase(p, 1, 2.0);
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void clipsTheMeanOfAccumulatedGradients(Precision p) {
        clipCase(p, 3, 0.5);
    }
}
