package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ops.OpRegistry;
import dev.cnnc.compiler.train.Catalogs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The reference against PyTorch: forward values and autograd gradients in float64, from
 * {@code src/test/resources/reference/torch_fixtures.txt} (made by {@code gen_torch_fixtures.py}
 * beside it), must agree to a relative 1e-10. One dynamic test per fixture case.
 */
class TorchFixtureTest {
    /**
     * Agreement asked of every element: {@code |java − torch| ≤ 1e-10 · max(|torch|, ‖torch‖∞)}.
     * Relative to the element, or to the tensor's largest magnitude for elements far below it
     * (a sum that cancels to ~0 keeps the rounding error of its terms, not of its result).
     */
    static final double TOLERANCE = 1e-10;

    private static final List<TorchFixture.Case> CASES = TorchFixture.load();

    @TestFactory
    Stream<DynamicTest> referenceMatchesPyTorch() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.op() + ")", () -> check(c)));
    }

    @Test
    void everyOpAndLossOfTheLanguageHasAPyTorchCase() {
        Set<String> covered = new TreeSet<>();
        for (TorchFixture.Case c : CASES) {
            covered.add(languageName(c));
        }
        List<String> wanted = new ArrayList<>(OpRegistry.standard().names());
        wanted.addAll(Catalogs.LOSSES.names());
        List<String> missing = new ArrayList<>(wanted);
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "no PyTorch fixture for " + missing);
    }

    private static String languageName(TorchFixture.Case c) {
        switch (c.op()) {
            case "activation":
                return c.word("kind");
            case "batchnorm_train":
            case "batchnorm_inference":
                return "batchnorm";
            default:
                return c.op();
        }
    }

    static void close(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = expected.maxAbs();
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.at(i);
            double a = actual.at(i);
            double tol = TOLERANCE * Math.max(Math.abs(e), scale);
            if (!(Math.abs(a - e) <= tol)) {
                fail(what + "[" + Arrays.toString(MergeRef.unravel(i, expected.shape())) + "]: PyTorch " + e
                        + ", reference " + a + " (difference " + Math.abs(a - e) + ", allowed " + tol + ")");
            }
        }
    }

    static void close(String what, double expected, double actual) {
        assertEquals(expected, actual, TOLERANCE * Math.abs(expected), what);
    }

    private static void check(TorchFixture.Case c) {
        switch (c.op()) {
            case "conv" -> conv(c);
            case "separable_conv" -> separableConv(c);
            case "conv_transpose" -> convTranspose(c);
            case "maxpool" -> maxPool(c);
            case "avgpool" -> avgPool(c);
            case "global_avgpool" -> pool(c, PoolRef.globalAvgPool(c.tensor("x")),
                    PoolRef.globalAvgPoolBackward(c.tensor("x"), c.tensor("dy")));
            case "global_maxpool" -> pool(c, PoolRef.globalMaxPool(c.tensor("x")),
                    PoolRef.globalMaxPoolBackward(c.tensor("x"), c.tensor("dy")));
            case "adaptive_avgpool" -> pool(c, PoolRef.adaptiveAvgPool(c.tensor("x"), c.ints("output")[0],
                    c.ints("output")[1]), PoolRef.adaptiveAvgPoolBackward(c.tensor("x"), c.tensor("dy")));
            case "adaptive_maxpool" -> pool(c, PoolRef.adaptiveMaxPool(c.tensor("x"), c.ints("output")[0],
                    c.ints("output")[1]), PoolRef.adaptiveMaxPoolBackward(c.tensor("x"), c.tensor("dy")));
            case "fractional_maxpool" -> fractionalMaxPool(c);
            case "dense" -> dense(c);
            case "flatten" -> pool(c, DenseRef.flatten(c.tensor("x")),
                    DenseRef.flattenBackward(c.tensor("x").shape(), c.tensor("dy")));
            case "activation" -> activation(c);
            case "softmax" -> pool(c, ActivationRef.softmax(c.tensor("x"), c.i("axis")),
                    ActivationRef.softmaxBackward(c.tensor("x"), c.i("axis"), c.tensor("dy")));
            case "log_softmax" -> pool(c, ActivationRef.logSoftmax(c.tensor("x"), c.i("axis")),
                    ActivationRef.logSoftmaxBackward(c.tensor("x"), c.i("axis"), c.tensor("dy")));
            case "batchnorm_train" -> batchNormTrain(c);
            case "batchnorm_inference" -> batchNormInference(c);
            case "layernorm" -> layerNorm(c);
            case "dropout" -> pool(c, DropoutRef.dropout(c.tensor("x"), c.tensor("mask"), c.real("p")),
                    DropoutRef.dropoutBackward(c.tensor("mask"), c.real("p"), c.tensor("dy")));
            case "spatial_dropout" -> pool(c, DropoutRef.spatialDropout(c.tensor("x"), c.tensor("mask"), c.real("p")),
                    DropoutRef.spatialDropoutBackward(c.tensor("mask"), c.real("p"), c.tensor("dy")));
            case "add" -> merge(c);
            case "mul" -> merge(c);
            case "concat" -> merge(c);
            case "cross_entropy" -> crossEntropy(c);
            case "focal" -> focal(c);
            case "dice", "iou" -> segmentation(c);
            case "distillation" -> distillation(c);
            default -> fail("fixture case " + c.name() + " has unknown op " + c.op());
        }
    }

    /** Single-input ops: compares y and dx. */
    private static void pool(TorchFixture.Case c, Tensor y, Tensor dx) {
        close(c + " y", c.tensor("y"), y);
        close(c + " dx", c.tensor("dx"), dx);
    }

    private static Padding padding(TorchFixture.Case c) {
        int[] e = c.ints("padexplicit");
        switch (c.word("padmode")) {
            case "valid":
                return Padding.VALID;
            case "same":
                return new Padding(Padding.Mode.SAME, 0, 0);
            case "full":
                return new Padding(Padding.Mode.FULL, 0, 0);
            default:
                return Padding.explicit(e[0], e[1]);
        }
    }

    private static void conv(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor w = c.tensor("w");
        Tensor b = c.optional("b");
        ConvRef.Spec s = ConvRef.Spec.resolve(padding(c), x.dim(2), x.dim(3), w.dim(2), w.dim(3), c.ints("stride"),
                c.ints("dilation"), c.i("groups"));
        assertArrayEquals(c.ints("pad"), new int[] {s.padTop(), s.padBottom(), s.padLeft(), s.padRight()},
                c + ": Padding.resolve disagrees with the generator's padding");
        close(c + " y", c.tensor("y"), ConvRef.conv2d(x, w, b, s));
        ConvRef.Grads g = ConvRef.conv2dBackward(x, w, b != null, s, c.tensor("dy"));
        close(c + " dx", c.tensor("dx"), g.dx());
        close(c + " dw", c.tensor("dw"), g.dw());
        if (b != null) {
            close(c + " db", c.tensor("db"), g.db());
        }
    }

    private static void separableConv(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor dw = c.tensor("depthwise");
        Tensor pw = c.tensor("pointwise");
        Tensor b = c.optional("b");
        int[] k = c.ints("kernel");
        ConvRef.Spec s = ConvRef.Spec.resolve(new Padding(Padding.Mode.SAME, 0, 0), x.dim(2), x.dim(3), k[0], k[1],
                c.ints("stride"), c.ints("dilation"), 1);
        assertArrayEquals(c.ints("pad"), new int[] {s.padTop(), s.padBottom(), s.padLeft(), s.padRight()});
        close(c + " y", c.tensor("y"), ConvRef.separableConv2d(x, dw, pw, b, s));
        ConvRef.SeparableGrads g = ConvRef.separableConv2dBackward(x, dw, pw, b != null, s, c.tensor("dy"));
        close(c + " dx", c.tensor("dx"), g.dx());
        close(c + " ddepthwise", c.tensor("ddepthwise"), g.dDepthwise());
        close(c + " dpointwise", c.tensor("dpointwise"), g.dPointwise());
        if (b != null) {
            close(c + " db", c.tensor("db"), g.db());
        }
    }

    private static void convTranspose(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor w = c.tensor("w");
        Tensor b = c.optional("b");
        int[] st = c.ints("stride");
        int[] p = c.ints("pad");
        int[] op = c.ints("output_padding");
        int[] d = c.ints("dilation");
        ConvRef.TransposeSpec s = new ConvRef.TransposeSpec(st[0], st[1], p[0], p[1], op[0], op[1], d[0], d[1],
                c.i("groups"));
        close(c + " y", c.tensor("y"), ConvRef.convTranspose2d(x, w, b, s));
        ConvRef.Grads g = ConvRef.convTranspose2dBackward(x, w, b != null, s, c.tensor("dy"));
        close(c + " dx", c.tensor("dx"), g.dx());
        close(c + " dw", c.tensor("dw"), g.dw());
        if (b != null) {
            close(c + " db", c.tensor("db"), g.db());
        }
    }

    private static void maxPool(TorchFixture.Case c) {
        int[] k = c.ints("kernel");
        int[] s = c.ints("stride");
        int[] p = c.ints("pad");
        int[] d = c.ints("dilation");
        PoolRef.Spec spec = new PoolRef.Spec(k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], c.i("ceil_mode") == 1);
        pool(c, PoolRef.maxPool(c.tensor("x"), spec), PoolRef.maxPoolBackward(c.tensor("x"), spec, c.tensor("dy")));
    }

    private static void avgPool(TorchFixture.Case c) {
        int[] k = c.ints("kernel");
        int[] s = c.ints("stride");
        int[] p = c.ints("pad");
        PoolRef.Spec spec = new PoolRef.Spec(k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, c.i("ceil_mode") == 1);
        boolean include = c.i("count_include_pad") == 1;
        pool(c, PoolRef.avgPool(c.tensor("x"), spec, include),
                PoolRef.avgPoolBackward(c.tensor("x"), spec, include, c.tensor("dy")));
    }

    private static void fractionalMaxPool(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        int[] k = c.ints("kernel");
        int[] o = c.ints("output");
        PoolRef.Regions r = PoolRef.Regions.fromSamples(c.tensor("samples"), x.dim(2), x.dim(3), o[0], o[1], k[0],
                k[1]);
        pool(c, PoolRef.fractionalMaxPool(x, k[0], k[1], r),
                PoolRef.fractionalMaxPoolBackward(x, k[0], k[1], r, c.tensor("dy")));
    }

    private static void dense(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor w = c.tensor("w");
        Tensor b = c.optional("b");
        close(c + " y", c.tensor("y"), DenseRef.dense(x, w, b));
        DenseRef.Grads g = DenseRef.denseBackward(x, w, b != null, c.tensor("dy"));
        close(c + " dx", c.tensor("dx"), g.dx());
        close(c + " dw", c.tensor("dw"), g.dw());
        if (b != null) {
            close(c + " db", c.tensor("db"), g.db());
        }
    }

    private static void activation(TorchFixture.Case c) {
        ActivationRef.Kind kind = Arrays.stream(ActivationRef.Kind.values())
                .filter(k -> k.opName().equals(c.word("kind"))).findFirst().orElseThrow();
        double alpha = c.real("alpha");
        pool(c, ActivationRef.forward(kind, alpha, c.tensor("x")),
                ActivationRef.backward(kind, alpha, c.tensor("x"), c.tensor("dy")));
    }

    private static void batchNormTrain(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor gamma = c.optional("gamma");
        NormRef.TrainOutput o = NormRef.batchNormTrain(x, gamma, c.optional("beta"), c.tensor("running_mean"),
                c.tensor("running_var"), c.real("momentum"), c.real("eps"));
        close(c + " y", c.tensor("y"), o.y());
        close(c + " running_mean", c.tensor("new_running_mean"), o.runningMean());
        close(c + " running_var", c.tensor("new_running_var"), o.runningVar());
        normGrads(c, NormRef.batchNormTrainBackward(x, gamma, c.real("eps"), c.tensor("dy")));
    }

    private static void batchNormInference(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor gamma = c.optional("gamma");
        close(c + " y", c.tensor("y"), NormRef.batchNormInference(x, gamma, c.optional("beta"),
                c.tensor("running_mean"), c.tensor("running_var"), c.real("eps")));
        normGrads(c, NormRef.batchNormInferenceBackward(x, gamma, c.tensor("running_mean"), c.tensor("running_var"),
                c.real("eps"), c.tensor("dy")));
    }

    private static void layerNorm(TorchFixture.Case c) {
        Tensor x = c.tensor("x");
        Tensor gamma = c.optional("gamma");
        close(c + " y", c.tensor("y"), NormRef.layerNorm(x, gamma, c.optional("beta"), c.real("eps")));
        normGrads(c, NormRef.layerNormBackward(x, gamma, c.real("eps"), c.tensor("dy")));
    }

    private static void normGrads(TorchFixture.Case c, NormRef.Grads g) {
        close(c + " dx", c.tensor("dx"), g.dx());
        if (c.has("gamma")) {
            close(c + " dgamma", c.tensor("dgamma"), g.dGamma());
            close(c + " dbeta", c.tensor("dbeta"), g.dBeta());
        }
    }

    private static void merge(TorchFixture.Case c) {
        int n = c.i("inputs");
        Tensor[] xs = new Tensor[n];
        int[][] shapes = new int[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = c.tensor("x" + i);
            shapes[i] = xs[i].shape();
        }
        Tensor dy = c.tensor("dy");
        Tensor y;
        Tensor[] dxs;
        switch (c.op()) {
            case "add":
                y = MergeRef.add(xs);
                dxs = MergeRef.addBackward(n, dy);
                break;
            case "mul":
                y = MergeRef.mul(xs);
                dxs = MergeRef.mulBackward(xs, dy);
                break;
            default:
                y = MergeRef.concat(c.i("axis"), xs);
                dxs = MergeRef.concatBackward(c.i("axis"), shapes, dy);
        }
        close(c + " y", c.tensor("y"), y);
        for (int i = 0; i < n; i++) {
            close(c + " dx" + i, c.tensor("dx" + i), dxs[i]);
        }
    }

    private static void crossEntropy(TorchFixture.Case c) {
        Tensor z = c.tensor("z");
        int[] y = c.ints("labels");
        double eps = c.real("smoothing");
        close(c + " loss", c.real("loss"), LossRef.crossEntropy(z, y, eps));
        close(c + " dz", c.tensor("dz"), LossRef.crossEntropyBackward(z, y, eps, c.real("dL")));
    }

    private static void focal(TorchFixture.Case c) {
        Tensor z = c.tensor("z");
        int[] y = c.ints("labels");
        double a = c.real("alpha");
        double g = c.real("gamma");
        close(c + " loss", c.real("loss"), LossRef.focal(z, y, a, g));
        close(c + " dz", c.tensor("dz"), LossRef.focalBackward(z, y, a, g, c.real("dL")));
    }

    private static void segmentation(TorchFixture.Case c) {
        Tensor z = c.tensor("z");
        Tensor t = c.tensor("t");
        double s = c.real("smooth");
        boolean dice = c.op().equals("dice");
        close(c + " loss", c.real("loss"), dice ? LossRef.dice(z, t, s) : LossRef.iou(z, t, s));
        close(c + " dz", c.tensor("dz"), dice ? LossRef.diceBackward(z, t, s, c.real("dL"))
                : LossRef.iouBackward(z, t, s, c.real("dL")));
    }

    private static void distillation(TorchFixture.Case c) {
        Tensor zs = c.tensor("zs");
        Tensor zt = c.tensor("zt");
        int[] y = c.ints("labels");
        double a = c.real("alpha");
        double tau = c.real("temperature");
        close(c + " loss", c.real("loss"), LossRef.distillation(zs, zt, y, a, tau));
        LossRef.DistillationGrads g = LossRef.distillationBackward(zs, zt, y, a, tau, c.real("dL"));
        close(c + " dzs", c.tensor("dzs"), g.dStudent());
        close(c + " dzt", c.tensor("dzt"), g.dTeacher());
    }
}
