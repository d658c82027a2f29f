package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
 * The optimizer phase on the device against hand-computed values and against the seed's
 * formulas written out in double (an independent reference: Adam's literally as
 * {@code η·m̂/(√v̂ + ε)}, not PyTorch's rearrangement the kernel uses), fp64 and fp32.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class OptimizerStepTest {
    /** fc.weight [2, 3], fc.bias [2]. */
    static final String MODEL = "model M { input x: [3]  output y = x -> dense(2) as fc }";

    static double tol(Precision p) {
        return p == Precision.FP64 ? 1e-12 : 1e-6;
    }

    /** Runs {@code steps} optimizer steps with every element of both parameters at theta0 and gradient g[t]. */
    static double[] scalarRun(Precision p, OptimizerLowering.Config c, double theta0, double lr, double... g) {
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 1, p, c, false)) {
            h.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            h.trainable().forEach((name, n) -> h.setParam(name, filled(n, theta0)));
            double[] out = new double[g.length];
            for (int t = 1; t <= g.length; t++) {
                double gt = g[t - 1];
                h.trainable().forEach((name, n) -> h.setGrad(name, filled(n, gt)));
                h.step(t, lr, 1.0);
                double[] w = h.param("fc.weight");
                double[] b = h.param("fc.bias");
                for (double x : w) {
                    assertEquals(w[0], x, 0.0, "every element gets the same update");
                }
                assertEquals(w[0], b[0], 0.0, "both parameters get the same update");
                out[t - 1] = w[0];
            }
            return out;
        }
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static void assertSteps(double[] expected, double[] actual, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), "step " + (i + 1)
                    + ": expected " + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
        }
    }

    /** 20 dense layers: 40 parameters of different sizes, updated by 3 launches of up to 16. */
    static final String DEEP = "model D { input x: [3]  output y = x -> dense(3) * 19 as fc -> dense(2) as out }";

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void manyParametersAreUpdatedInFewLaunchesEachByItsOwnElements(Precision p) {
        for (OptimizerLowering.Config c : List.of(OptimizerLowering.Config.sgd(0.1, 0.9, true, 0.1),
                OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0.1))) {
            try (OptimizerHarness h = new OptimizerHarness(DEEP, 1, p, c, false)) {
                assertEquals(40, h.trainable().size());
                assertEquals(3, h.lowered.program().phases().get(OptimizerLowering.OPTIMIZER).size(), c.toString());
                h.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
                // Parameter number j starts at 1 + j/100 with gradient (j+1)/10: any mix-up of
                // parameters, offsets or state buffers between tensors shows.
                List<String> names = List.copyOf(h.trainable().keySet());
                for (int j = 0; j < names.size(); j++) {
                    int n = h.trainable().get(names.get(j));
                    h.setParam(names.get(j), filled(n, 1 + j / 100.0));
                    h.setGrad(names.get(j), filled(n, (j + 1) / 10.0));
                }
                h.step(1, c.lr(), 1.0);
                h.step(2, c.lr(), 1.0);
                for (int j = 0; j < names.size(); j++) {
                    double theta = 1 + j / 100.0;
                    double g = (j + 1) / 10.0;
                    if (c.adamFamily()) {
                        // two steps of Adam with L2 decay 0.1 and the same raw gradient each time
                        double m = 0;
                        double v = 0;
                        for (int t = 1; t <= 2; t++) {
                            double gt = g + 0.1 * theta;
                            m = 0.9 * m + 0.1 * gt;
                            v = 0.999 * v + 0.001 * gt * gt;
                            double mHat = m / (1 - Math.pow(0.9, t));
                            double vHat = v / (1 - Math.pow(0.999, t));
                            theta -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
                        }
                    } else {
                        // two steps of Nesterov SGD (momentum 0.9) with weight decay 0.1
                        double buf = 0;
                        for (int t = 1; t <= 2; t++) {
                            double gt = g + 0.1 * theta;
                            buf = t == 1 ? gt : 0.9 * buf + gt;
                            theta -= 0.1 * (gt + 0.9 * buf);
                        }
                    }
                    for (double x : h.param(names.get(j))) {
                        assertEquals(theta, x, tol(p) * Math.max(1, Math.abs(theta)), c.name() + " " + names.get(j));
                    }
                }
            }
        }
    }

    // ---- hand-computed values (θ0 = 1, the same gradient on every element) ----

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void sgdMomentumAccumulates(Precision p) {
        // v1 = 0.5, θ1 = 1 - 0.1·0.5; v2 = 0.9·0.5 + 0.5 = 0.95, θ2 = 0.95 - 0.095; v3 = 0.9·0.95 + 0.5 = 1.355.
        assertSteps(new double[] {0.95, 0.855, 0.7195},
                scalarRun(p, OptimizerLowering.Config.sgd(0.1, 0.9, false, 0), 1, 0.1, 0.5, 0.5, 0.5), tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void sgdWithoutMomentumIsPlainGradientDescent(Precision p) {
        assertSteps(new double[] {0.95, 0.9, 0.75},
                scalarRun(p, OptimizerLowering.Config.sgd(0.1, 0, false, 0), 1, 0.1, 0.5, 0.5, 1.5), tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void nesterov(Precision p) {
        // v1 = 0.5, d = 0.5 + 0.9·0.5 = 0.95; v2 = 0.95, d = 0.5 + 0.855 = 1.355; v3 = 1.355, d = 0.5 + 1.2195.
        assertSteps(new double[] {0.905, 0.7695, 0.59755},
                scalarRun(p, OptimizerLowering.Config.sgd(0.1, 0.9, true, 0), 1, 0.1, 0.5, 0.5, 0.5), tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void sgdWeightDecay(Precision p) {
        // g1 = 0.5 + 0.1·1 = 0.6, θ1 = 0.94; g2 = 0.5 + 0.094 = 0.594, θ2 = 0.8806.
        assertSteps(new double[] {0.94, 0.8806},
                scalarRun(p, OptimizerLowering.Config.sgd(0.1, 0, false, 0.1), 1, 0.1, 0.5, 0.5), tol(p));
        // With momentum 0.9: v1 = 0.6, θ1 = 0.94; v2 = 0.54 + 0.594 = 1.134, θ2 = 0.8266.
        assertSteps(new double[] {0.94, 0.8266},
                scalarRun(p, OptimizerLowering.Config.sgd(0.1, 0.9, false, 0.1), 1, 0.1, 0.5, 0.5), tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void adamBiasCorrection(Precision p) {
        // β1 = 0.9, β2 = 0.999, gradients 1, -1, 2:
        // t=1: m = 0.1, v = 0.001; m̂ = 0.1/0.1 = 1, v̂ = 0.001/0.001 = 1.
        // t=2: m = 0.09 - 0.1 = -0.01, v = 0.000999 + 0.001 = 0.001999; m̂ = -0.01/0.19 = -1/19, v̂ = 1.
        // t=3: m = -0.009 + 0.2 = 0.191, v = 0.001997001 + 0.004 = 0.005997001;
        //      m̂ = 0.191/0.271 = 191/271, v̂ = 0.005997001/0.002997001 = 5997001/2997001.
        double eps = 1e-8;
        double lr = 0.01;
        double t1 = 1 - lr * 1 / (1 + eps);
        double t2 = t1 - lr * (-1.0 / 19) / (1 + eps);
        double t3 = t2 - lr * (191.0 / 271) / (Math.sqrt(5997001.0 / 2997001) + eps);
        assertEquals(0.9900000001, t1, 1e-15);
        assertSteps(new double[] {t1, t2, t3},
                scalarRun(p, OptimizerLowering.Config.adam(lr, 0.9, 0.999, eps, 0), 1, lr, 1, -1, 2), tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void adamConstantGradientStepsByLr(Precision p) {
        // A constant gradient has m̂ = g and v̂ = g² at every t: every step is η·g/(|g| + ε).
        double step = 0.01 * 0.5 / (0.5 + 1e-8);
        assertSteps(new double[] {1 - step, 1 - 2 * step, 1 - 3 * step, 1 - 4 * step},
                scalarRun(p, OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0), 1, 0.01, 0.5, 0.5, 0.5, 0.5),
                tol(p));
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "FP64"}) // mixed: the fp32 optimizer
    void adamwDecaysBeforeTheStep(Precision p) {
        // θ ← θ(1 - η·wd) then the Adam step with the same m̂, v̂ as in adamBiasCorrection.
        double eps = 1e-8;
        double lr = 0.01;
        double decay = 1 - lr * 0.1;
        double t1 = 1 * decay - lr * 1 / (1 + eps);
        double t2 = t1 * decay - lr * (-1.0 / 19) / (1 + eps);
        double t3 = t2 * decay - lr * (191.0 / 271) / (Math.sqrt(5997001.0 / 2997001) + eps);
        assertEquals(0.9890000001, t1, 1e-15);
        assertSteps(new double[] {t1, t2, t3},
                scalarRun(p, OptimizerLowering.Config.adamw(lr, 0.9, 0.999, eps, 0.1), 1, lr, 1, -1, 2), tol(p));
    }

    // ---- the formulas in double, random values, lr and grad_scale changing between steps ----

    static Stream<Arguments> configs() {
        List<OptimizerLowering.Config> cs = List.of(
                OptimizerLowering.Config.sgd(0.1, 0, false, 0),
                OptimizerLowering.Config.sgd(0.1, 0, false, 0.05),
                OptimizerLowering.Config.sgd(0.05, 0.9, false, 0),
                OptimizerLowering.Config.sgd(0.05, 0.9, false, 1e-3),
                OptimizerLowering.Config.sgd(0.05, 0.7, true, 0),
                OptimizerLowering.Config.sgd(0.05, 0.9, true, 0.01),
                OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0),
                OptimizerLowering.Config.adam(0.01, 0.8, 0.99, 1e-6, 0.02),
                OptimizerLowering.Config.adamw(0.01, 0.9, 0.999, 1e-8, 0.01),
                OptimizerLowering.Config.adamw(0.003, 0.5, 0.9, 1e-3, 0.3));
        return Stream.of(Precision.FP32, Precision.FP64).flatMap( // (mixed: fp32 parameters and state)
                p -> cs.stream().map(c -> Arguments.of(p, c)));
    }

    /** One element's state in the reference. */
    static final class Ref {
        final OptimizerLowering.Config c;
        double theta;
        double v;
        double m;

        Ref(OptimizerLowering.Config c, double theta) {
            this.c = c;
            this.theta = theta;
        }

        void step(int t, double lr, double gradScale, double grad) {
            double g = gradScale * grad;
            if (!c.adamFamily()) {
                g += c.weightDecay() * theta;
                if (c.momentum() == 0) {
                    theta -= lr * g;
                    return;
                }
                v = c.momentum() * v + g;
                theta -= lr * (c.nesterov() ? g + c.momentum() * v : v);
                return;
            }
            if (c.name().equals("adam")) {
                g += c.weightDecay() * theta;
            } else {
                theta -= lr * c.weightDecay() * theta;
            }
            m = c.beta1() * m + (1 - c.beta1()) * g;
            v = c.beta2() * v + (1 - c.beta2()) * g * g;
            double mHat = m / (1 - Math.pow(c.beta1(), t));
            double vHat = v / (1 - Math.pow(c.beta2(), t));
            theta -= lr * mHat / (Math.sqrt(vHat) + c.eps());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void matchesTheFormulas(Precision p, OptimizerLowering.Config c) {
        Random rnd = new Random(7);
        double[] lrs = {c.lr(), c.lr(), c.lr() * 0.5, c.lr() * 0.1};
        double[] scales = {1.0, 0.5, 1.0, 0.25};
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 1, p, c, false)) {
            Map<String, Integer> params = h.trainable();
            Map<String, Ref[]> refs = new java.util.LinkedHashMap<>();
            h.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            for (Map.Entry<String, Integer> e : params.entrySet()) {
                double[] theta = new double[e.getValue()];
                Ref[] r = new Ref[theta.length];
                for (int i = 0; i < theta.length; i++) {
                    theta[i] = rounded(p, rnd.nextGaussian());
                    r[i] = new Ref(c, theta[i]);
                }
                h.setParam(e.getKey(), theta);
                refs.put(e.getKey(), r);
            }
            for (int t = 1; t <= lrs.length; t++) {
                for (Map.Entry<String, Integer> e : params.entrySet()) {
                    double[] g = new double[e.getValue()];
                    for (int i = 0; i < g.length; i++) {
                        g[i] = rounded(p, rnd.nextGaussian());
                        refs.get(e.getKey())[i].step(t, lrs[t - 1], scales[t - 1], g[i]);
                    }
                    h.setGrad(e.getKey(), g);
                }
                h.step(t, lrs[t - 1], scales[t - 1]);
                for (String name : params.keySet()) {
                    double[] theta = h.param(name);
                    Ref[] r = refs.get(name);
                    for (int i = 0; i < theta.length; i++) {
                        assertEquals(r[i].theta, theta[i], rel(p) * Math.abs(r[i].theta) + floor(p),
                                c + " step " + t + " " + name + "[" + i + "]");
                    }
                    List<String> states = c.stateNames();
                    for (String s : states) {
                        double[] st = h.state(name, s);
                        for (int i = 0; i < st.length; i++) {
                            double want = s.equals(OptimizerLowering.EXP_AVG) ? r[i].m : r[i].v;
                            assertEquals(want, st[i], rel(p) * Math.abs(want) + floor(p),
                                    c + " step " + t + " " + name + "." + s + "[" + i + "]");
                        }
                    }
                }
            }
        }
    }

    /**
     * Relative tolerances for {@link #matchesTheFormulas} (states such as exp_avg_sq ~1e-3 are
     * compared to their own size): fp64 to rounding; fp32 device against the double reference to
     * a few float ulps per step, plus a floor for values that cancel to near 0.
     */
    static double rel(Precision p) {
        return p == Precision.FP64 ? 1e-12 : 5e-6;
    }

    static double floor(Precision p) {
        return p == Precision.FP64 ? 1e-15 : 1e-7;
    }

    static double rounded(Precision p, double x) {
        return p == Precision.FP32 ? (float) x : x;
    }

    // ---- the program's shape ----

    @org.junit.jupiter.api.Test
    void stateBuffersAreNamedLikePyTorch() {
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 2, Precision.FP32,
                OptimizerLowering.Config.adam(0.001, 0.9, 0.999, 1e-8, 0), false)) {
            List<String> names = h.lowered.program().buffers().stream().map(b -> b.name()).toList();
            assertTrue(names.containsAll(List.of("optimizer.fc.weight.exp_avg", "optimizer.fc.weight.exp_avg_sq",
                    "optimizer.fc.bias.exp_avg", "optimizer.fc.bias.exp_avg_sq")), names.toString());
            assertFalse(names.stream().anyMatch(n -> n.endsWith("momentum_buffer")), names.toString());
            assertEquals(6 * 4, h.lowered.program().buffers().get(h.lowered.program()
                    .bufferIndex("optimizer.fc.weight.exp_avg")).bytes());
            assertTrue(h.lowered.program().phases().keySet().containsAll(List.of(
                    OptimizerLowering.ZERO_OPTIMIZER_STATE, OptimizerLowering.GRAD_NORM, OptimizerLowering.OPTIMIZER)));
            assertEquals(1, h.lowered.program().phases().get(OptimizerLowering.OPTIMIZER).size(),
                    "one launch updates both parameters");
        }
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 2, Precision.FP32,
                OptimizerLowering.Config.sgd(0.1, 0.9, false, 0), false)) {
            List<String> names = h.lowered.program().buffers().stream().map(b -> b.name()).toList();
            assertTrue(names.containsAll(List.of("optimizer.fc.weight.momentum_buffer",
                    "optimizer.fc.bias.momentum_buffer")), names.toString());
        }
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 2, Precision.FP32,
                OptimizerLowering.Config.sgd(0.1, 0, false, 0), false)) {
            assertFalse(h.lowered.program().buffers().stream().anyMatch(b -> b.name().endsWith("momentum_buffer")),
                    "plain SGD keeps no state");
        }
    }

    @org.junit.jupiter.api.Test
    void batchNormRunningStatsAreNotUpdated() {
        String src = "model M { input x: [2, 4, 4]  output y = x -> conv(3, 3) as conv -> batchnorm as bn "
                + "-> global_avgpool -> flatten }";
        try (OptimizerHarness h = new OptimizerHarness(src, 2, Precision.FP64,
                OptimizerLowering.Config.sgd(0.1, 0.9, false, 1e-4), false)) {
            assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias"),
                    List.copyOf(h.trainable().keySet()));
            List<String> names = h.lowered.program().buffers().stream().map(b -> b.name()).toList();
            assertFalse(names.contains("optimizer.bn.running_mean.momentum_buffer"), names.toString());
            List<dev.cnnc.runtime.opencl.Program.Launch> step = h.lowered.program().phases()
                    .get(OptimizerLowering.OPTIMIZER);
            assertEquals(1, step.size());
            List<String> updated = step.get(0).args().stream()
                    .filter(a -> a instanceof dev.cnnc.runtime.opencl.Program.BufferRef)
                    .map(a -> names.get(((dev.cnnc.runtime.opencl.Program.BufferRef) a).index()))
                    .filter(n -> !n.startsWith("grad.") && !n.startsWith("optimizer.")).distinct().sorted().toList();
            // (the launch's empty slots repeat its last parameter, with 0 elements to update)
            assertEquals(List.of("bn.bias", "bn.weight", "conv.bias", "conv.weight"), updated);
        }
    }

    @org.junit.jupiter.api.Test
    void configFromTheTrainSection() {
        var g = KernelHarness.compile("model M { input x: [3]  output y = x -> dense(2) as fc\n"
                + "  train { optimizer: adamw(lr: 0.002, beta2: 0.99) } }");
        assertEquals(OptimizerLowering.Config.adamw(0.002, 0.9, 0.99, 1e-8, 0.01),
                OptimizerLowering.Config.fromTraining(g.training()));
        var s = KernelHarness.compile("model M { input x: [3]  output y = x -> dense(2) as fc\n"
                + "  train { optimizer: sgd(lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4) } }");
        assertEquals(OptimizerLowering.Config.sgd(0.1, 0.9, true, 5e-4),
                OptimizerLowering.Config.fromTraining(s.training()));
        var d = KernelHarness.compile("model M { input x: [3]  output y = x -> dense(2) as fc }");
        assertEquals(OptimizerLowering.Config.sgd(0.01, 0, false, 0), OptimizerLowering.Config.fromTraining(d.training()));
    }

    @org.junit.jupiter.api.Test
    void namesAreTheHostsContract() {
        // runtime-train's dev.cnnc.train.optim.StepVariables repeats these (it cannot see the compiler).
        assertEquals(List.of("lr", "grad_scale", "adam_step_size", "adam_bias_correction2_sqrt"), List.of(
                OptimizerLowering.LR, OptimizerLowering.GRAD_SCALE, OptimizerLowering.ADAM_STEP_SIZE,
                OptimizerLowering.ADAM_BIAS_CORRECTION2_SQRT));
        assertEquals(List.of("zero_optimizer_state", "grad_norm", "optimizer", "optimizer.grad_norm_sq"), List.of(
                OptimizerLowering.ZERO_OPTIMIZER_STATE, OptimizerLowering.GRAD_NORM, OptimizerLowering.OPTIMIZER,
                OptimizerLowering.GRAD_NORM_SQ_BUFFER));
        assertEquals("optimizer.layer1.0.conv1.weight.momentum_buffer",
                OptimizerLowering.stateBufferName("layer1.0.conv1.weight", OptimizerLowering.MOMENTUM_BUFFER));
    }

    @org.junit.jupiter.api.Test
    void rejectsWhatPyTorchRejects() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerLowering.Config.sgd(0.1, 0, true, 0));
        assertEquals("Nesterov momentum requires a momentum (PyTorch's rule)", e.getMessage());
        var g = KernelHarness.compile(MODEL);
        CodegenException c = assertThrows(CodegenException.class, () -> Lowering.lower(g,
                Lowering.Options.inference(1, Precision.FP32), OptimizerLowering.Config.sgd(0.1, 0, false, 0)));
        assertEquals("an optimizer is only lowered for training", c.getMessage());
    }
}
