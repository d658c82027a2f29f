package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.reference.DenseRef;
import dev.cnnc.compiler.reference.FiniteDifference;
import dev.cnnc.compiler.reference.LossRef;
import dev.cnnc.compiler.reference.Tensor;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused softmax losses appended by {@link Lowering} ({@link LossLowering}), run the way a
 * training step runs them (forward, zero_grads, zero_param_grads, loss, backward) on
 * {@code dense(units)} over {@code [features]} inputs, against {@link LossRef} composed with
 * {@link DenseRef}: the mean loss, the logits' gradient and every gradient behind it (input,
 * weight, bias) in fp64 (1e-10 / 1e-9) and fp32 (1e-4), central finite differences of the
 * device's fp64 mean loss (Glow's error below 1e-6), and logits around ±1000.
 * <ul>
 *   <li>cross-entropy ({@link LossRef#crossEntropy}) with and without label smoothing;</li>
 *   <li>focal ({@link LossRef#focal}) for γ in {0, 0.5, 1, 2, 3.5} and α in {0.25, 1}; γ = 0
 *       equals α times the device's cross-entropy; p_t == 1 exactly (every other class
 *       underflows) gives the limits 0, and p_t → 1 stays finite and accurate for γ < 1, where
 *       (1 − p_t)^(γ−1) alone would overflow; and oclgrind finds nothing wrong in it.</li>
 * </ul>
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
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
        verify(batch, features, classes, LossLowering.Loss.crossEntropy(smoothing), data, labels, true);
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
        verify(batch, features, classes, LossLowering.Loss.crossEntropy(smoothing), data, labels, true);
    }

    static Stream<Double> smoothings() {
        return Stream.of(0.0, 0.1);
    }

    // ---------------------------------------------------------------- focal

    /** Every γ with both α, over shapes that rotate through batch 1, odd sizes and many classes. */
    static Stream<Arguments> focalCases() {
        int[][] shapes = {{4, 7, 5}, {1, 7, 5}, {3, 6, 2}, {5, 3, 9}, {2, 5, 4}};
        double[] gammas = {0, 0.5, 1, 2, 3.5};
        double[] alphas = {0.25, 1};
        Stream.Builder<Arguments> b = Stream.builder();
        int i = 0;
        for (double gamma : gammas) {
            for (double alpha : alphas) {
                int[] s = shapes[i++ % shapes.length];
                b.add(Arguments.of(s[0], s[1], s[2], alpha, gamma));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "batch {0}, dense {1} -> {2}, alpha {3}, gamma {4}")
    @MethodSource("focalCases")
    void focal(int batch, int features, int classes, double alpha, double gamma) {
        Random rnd = new Random(131L * batch + 17L * features + classes + (long) (gamma * 10) + (long) (alpha * 100));
        Map<String, double[]> data = new LinkedHashMap<>();
        // Logits spread over several units, so p_t ranges from small to near 1 across samples.
        data.put("x", uniform(rnd, batch * features, 2));
        data.put("fc.weight", uniform(rnd, classes * features, 1.5));
        data.put("fc.bias", uniform(rnd, classes, 1));
        int[] labels = labels(rnd, batch, classes);
        verify(batch, features, classes, LossLowering.Loss.focal(alpha, gamma), data, labels, true);
    }

    /** As {@link #stableForLargeLogits} for the focal loss: p_t is 0 in double for half the samples. */
    @ParameterizedTest(name = "gamma {0}")
    @MethodSource("focalGammas")
    void focalStableForLargeLogits(double gamma) {
        int batch = 4;
        int features = 7;
        int classes = 5;
        Random rnd = new Random(78);
        Map<String, double[]> data = new LinkedHashMap<>();
        data.put("x", eighths(rnd, batch * features));
        data.put("fc.weight", eighths(rnd, classes * features));
        data.put("fc.bias", new double[] {1000, -1000, 1000.5, 999.25, -999.75});
        int[] labels = {0, 1, 3, 4};
        verify(batch, features, classes, LossLowering.Loss.focal(0.25, gamma), data, labels, true);
    }

    static Stream<Double> focalGammas() {
        return Stream.of(0.0, 0.5, 2.0);
    }

    /**
     * γ = 0 is α times the cross-entropy: the device's focal loss and logits' gradient equal α
     * times the device's own cross-entropy (fp64: to rounding, 1e-13; fp32: 1e-5), and α times the
     * reference cross-entropy.
     */
    @ParameterizedTest(name = "alpha {0}")
    @MethodSource("alphas")
    void focalWithGammaZeroIsAlphaTimesCrossEntropy(double alpha) {
        int batch = 6;
        int features = 5;
        int classes = 7;
        Random rnd = new Random(5);
        Map<String, double[]> data = new LinkedHashMap<>();
        data.put("x", uniform(rnd, batch * features, 2));
        data.put("fc.weight", uniform(rnd, classes * features, 1));
        data.put("fc.bias", uniform(rnd, classes, 1));
        int[] labels = labels(rnd, batch, classes);
        String src = model(features, classes);
        Tensor z = DenseRef.dense(Tensor.of(data.get("x"), batch, features),
                Tensor.of(data.get("fc.weight"), classes, features), Tensor.of(data.get("fc.bias"), classes));
        double reference = alpha * LossRef.crossEntropy(z, labels, 0);
        for (Precision p : new Precision[] {Precision.FP64, Precision.FP32}) {
            double tol = p == Precision.FP64 ? 1e-13 : 1e-5;
            String what = src + " (" + p + ", alpha " + alpha + ")";
            double[] focalLosses;
            double[] focalGrad;
            try (LossHarness h = new LossHarness(KernelHarness.compile(src), batch, p,
                    LossLowering.Loss.focal(alpha, 0))) {
                load(h, data, labels);
                h.step();
                focalLosses = h.losses();
                focalGrad = h.outputGrad();
                assertEquals(reference, h.meanLoss(), (p == Precision.FP64 ? 1e-10 : 1e-4) * Math.max(1, reference),
                        "focal(gamma 0) against alpha x reference cross-entropy\n" + what);
            }
            try (LossHarness h = new LossHarness(KernelHarness.compile(src), batch, p, 0.0)) {
                load(h, data, labels);
                h.step();
                double[] ce = h.losses();
                double[] ceGrad = h.outputGrad();
                for (int i = 0; i < ce.length; i++) {
                    ce[i] *= alpha;
                }
                for (int i = 0; i < ceGrad.length; i++) {
                    ceGrad[i] *= alpha;
                }
                OpCheck.assertClose("per-sample focal(gamma 0) vs alpha x cross-entropy", ce, focalLosses, tol, what);
                OpCheck.assertClose("logits' gradient of focal(gamma 0) vs alpha x cross-entropy", ceGrad, focalGrad,
                        tol, what);
            }
        }
    }

    static Stream<Double> alphas() {
        return Stream.of(0.25, 1.0);
    }

    /**
     * p_t == 1 exactly: every other logit is 2000 below the label's, so its exp underflows to 0 in
     * both precisions. (1 − p_t)^(γ−1) is infinite for γ < 1 and log p_t is 0; the loss and its
     * gradient must be their limits, 0, not NaN. With one class p_t is 1 for any logit.
     */
    @ParameterizedTest(name = "gamma {0}")
    @MethodSource("limitGammas")
    void focalAtCertaintyIsZero(double gamma) {
        double[][] logits = {{1000, -1000, -1000, -1000}, {-1000, 1000, -1000, -999}};
        int[] labels = {0, 1};
        for (Precision p : new Precision[] {Precision.FP64, Precision.FP32}) {
            for (int classes : new int[] {4, 1}) {
                String src = model(classes, classes);
                String what = src + " (" + p + ", gamma " + gamma + ")";
                try (LossHarness h = new LossHarness(KernelHarness.compile(src), 2, p,
                        LossLowering.Loss.focal(0.5, gamma))) {
                    setLogits(h, classes, logits, classes == 4 ? labels : new int[2]);
                    h.step();
                    double[] losses = h.losses();
                    double[] grad = h.outputGrad();
                    for (double l : losses) {
                        assertEquals(0.0, l, 0.0, "loss at p_t == 1: " + Arrays.toString(losses) + "\n" + what);
                    }
                    for (double g : grad) {
                        assertEquals(0.0, g, 0.0, "gradient at p_t == 1: " + Arrays.toString(grad) + "\n" + what);
                    }
                }
            }
        }
    }

    static Stream<Double> limitGammas() {
        return Stream.of(0.0, 0.5, 2.0);
    }

    /**
     * p_t → 1 (the label's logit 5, 12, 25 and 40 above the others; at 40, 1 − p_t ≈ 1e-17 and p_t
     * rounds to 1 in double): the fp64 loss and logits' gradient stay finite and agree with the
     * closed form written in terms of q = 1 − p_t (computed without cancellation) to 1e-10. Where
     * the reference's own 1 − p_t is exact enough (gap 5), they also agree with the reference.
     */
    @ParameterizedTest(name = "gamma {0}")
    @MethodSource("nearCertaintyGammas")
    void focalNearCertaintyIsFiniteAndAccurate(double gamma) {
        int classes = 3;
        double[] gaps = {5, 12, 25, 40};
        double[][] logits = new double[gaps.length][];
        int[] labels = new int[gaps.length];
        for (int s = 0; s < gaps.length; s++) {
            labels[s] = s % classes;
            logits[s] = new double[classes];
            for (int k = 0; k < classes; k++) {
                logits[s][k] = k == labels[s] ? gaps[s] : 0.5 * k - 0.25;
            }
        }
        double alpha = 0.25;
        String src = model(classes, classes);
        try (LossHarness h = new LossHarness(KernelHarness.compile(src), gaps.length, Precision.FP64,
                LossLowering.Loss.focal(alpha, gamma))) {
            setLogits(h, classes, logits, labels);
            h.step();
            double[] losses = h.losses();
            double[] grad = finite(h.outputGrad(), src);
            int n = gaps.length;
            for (int s = 0; s < n; s++) {
                double[] zs = logits[s];
                int y = labels[s];
                // q = Σ_{k≠y} exp(z_k − z_y) / (1 + Σ ...), log p_t = −log1p(Σ ...): exact for p_t near 1.
                double others = 0;
                for (int k = 0; k < classes; k++) {
                    if (k != y) {
                        others += Math.exp(zs[k] - zs[y]);
                    }
                }
                double q = others / (1 + others);
                double logPt = -Math.log1p(others);
                double pt = 1 / (1 + others);
                double qg = Math.pow(q, gamma);
                double loss = -alpha * qg * logPt;
                double g = alpha * (gamma * qg * pt * (logPt / q) - qg) / n;
                double[] dz = new double[classes];
                for (int k = 0; k < classes; k++) {
                    dz[k] = g * (k == y ? q : -Math.exp(zs[k] - zs[y]) * pt);
                }
                String what = src + " (gamma " + gamma + ", gap " + gaps[s] + ")";
                assertTrue(Double.isFinite(losses[s]), what);
                assertEquals(loss, losses[s], 1e-10 * Math.abs(loss), "loss near p_t = 1\n" + what);
                OpCheck.assertClose("logits' gradient near p_t = 1", dz,
                        Arrays.copyOfRange(grad, s * classes, (s + 1) * classes), 1e-10, what);
                if (gaps[s] == 5) {
                    Tensor z = Tensor.of(zs.clone(), 1, classes);
                    int[] one = {y};
                    assertEquals(LossRef.focal(z, one, alpha, gamma), losses[s], 1e-10 * Math.abs(loss), what);
                    double[] ref = LossRef.focalBackward(z, one, alpha, gamma, 1.0 / n).data();
                    OpCheck.assertClose("logits' gradient against the reference", ref,
                            Arrays.copyOfRange(grad, s * classes, (s + 1) * classes), 1e-9, what);
                }
            }
        }
    }

    static Stream<Double> nearCertaintyGammas() {
        return Stream.of(0.25, 0.5, 0.999, 1.0, 2.0);
    }

    /**
     * Entry point for the oclgrind run (build options {@code args[0]}): one training step's loss
     * and backward phases with the focal loss in fp32, the labels on every class; prints the
     * device and exits 1 if a loss or gradient is not finite.
     */
    public static void main(String[] args) {
        int batch = 3;
        int classes = 4;
        Graph g = KernelHarness.compile(model(5, classes));
        Lowered l = Lowering.lower(g, Lowering.Options.builder().batch(batch).training(true).inputGradients(true)
                .loss(LossLowering.Loss.focal(0.25, 0.5)).build());
        Program program = new Program(l.program().sourceName(), l.program().source(), args[0],
                l.program().buffers(), l.program().phases());
        try (ClDevice device = ClDevice.open((String) null); Executor ex = new Executor(device, program)) {
            ex.set("seed", 1);
            Random rnd = new Random(9);
            ex.buffer(l.value(g.inputs().get(0))).write(floats(uniform(rnd, batch * 5, 2)));
            ex.buffer(l.param("fc.weight")).write(floats(uniform(rnd, classes * 5, 1)));
            ex.buffer(l.param("fc.bias")).write(floats(new double[] {0, 30, 0, 0}));
            ex.buffer(l.labels()).write(new int[] {1, 3, 0});
            for (String phase : new String[] {Lowered.FORWARD, Lowered.ZERO_GRADS, Lowered.ZERO_PARAM_GRADS,
                    Lowered.LOSS, Lowered.BACKWARD}) {
                ex.run(phase);
            }
            float[] losses = new float[batch];
            ex.buffer(l.loss()).read(losses);
            float[] grad = new float[batch * classes];
            ex.buffer(l.grad(g.outputs().values().iterator().next())).read(grad);
            System.out.println("device: " + device.info().name());
            System.out.println("losses " + Arrays.toString(losses) + " logits' gradient " + Arrays.toString(grad));
            for (float v : grad) {
                if (!Float.isFinite(v)) {
                    System.exit(1);
                }
            }
            for (float v : losses) {
                if (!Float.isFinite(v)) {
                    System.exit(1);
                }
            }
        }
    }

    /** The focal loss kernel under oclgrind: no invalid access, data race or uninitialised read. */
    @Test
    void oclgrindFindsNoInvalidAccessDataRaceOrUninitialisedRead(@TempDir Path dir) {
        Oclgrind.assertClean(dir, LossKernelTest.class, "-cl-opt-disable");
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** {@code dense(classes)} over {@code [features]}. */
    private static String model(int features, int classes) {
        return "model M { input x: [" + features + "]  output y = x -> dense(" + classes + ") as fc }";
    }

    /** Logits set directly: x = the logits, weight = identity, bias = 0 (exact in fp32). */
    private static void setLogits(LossHarness h, int classes, double[][] logits, int[] labels) {
        double[] x = new double[logits.length * classes];
        for (int s = 0; s < logits.length; s++) {
            System.arraycopy(logits[s], 0, x, s * classes, classes);
        }
        double[] w = new double[classes * classes];
        for (int k = 0; k < classes; k++) {
            w[k * classes + k] = 1;
        }
        h.setInput(x);
        h.setParam("fc.weight", w);
        h.setParam("fc.bias", new double[classes]);
        h.setLabels(labels);
    }

    // ---------------------------------------------------------------- shared

    private static void verify(int batch, int features, int classes, LossLowering.Loss loss,
                               Map<String, double[]> data, int[] labels, boolean finiteDifferences) {
        String src = model(features, classes);
        Tensor x = Tensor.of(data.get("x"), batch, features);
        Tensor w = Tensor.of(data.get("fc.weight"), classes, features);
        Tensor b = Tensor.of(data.get("fc.bias"), classes);
        Tensor z = DenseRef.dense(x, w, b);
        boolean focal = LossLowering.Loss.FOCAL.equals(loss.name());
        double expectedLoss = focal ? LossRef.focal(z, labels, loss.alpha(), loss.gamma())
                : LossRef.crossEntropy(z, labels, loss.labelSmoothing());
        Tensor dz = focal ? LossRef.focalBackward(z, labels, loss.alpha(), loss.gamma(), 1)
                : LossRef.crossEntropyBackward(z, labels, loss.labelSmoothing(), 1);
        DenseRef.Grads g = DenseRef.denseBackward(x, w, true, dz);
        Map<String, double[]> expected = new LinkedHashMap<>();
        expected.put("x", g.dx().data());
        expected.put("fc.weight", g.dw().data());
        expected.put("fc.bias", g.db().data());

        Map<String, double[]> analytic64 = null;
        for (Precision p : new Precision[] {Precision.FP64, Precision.FP32}) {
            double valueTol = p == Precision.FP64 ? 1e-10 : 1e-4;
            double gradTol = p == Precision.FP64 ? 1e-9 : 1e-4;
            String what = src + " (" + p + ", " + loss + ")";
            try (LossHarness h = new LossHarness(KernelHarness.compile(src), batch, p, loss)) {
                load(h, data, labels);
                h.step();
                double[] losses = h.losses();
                for (double l : losses) {
                    assertTrue(Double.isFinite(l), () -> "per-sample loss not finite: " + Arrays.toString(
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
            assertTrue(Double.isFinite(d), () -> "gradient not finite: " + Arrays.toString(v) + "\n" + what);
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
