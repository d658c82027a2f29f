package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.reference.DropoutRef;
import dev.cnnc.compiler.reference.NormRef;
import dev.cnnc.compiler.reference.Tensor;
import dev.cnnc.runtime.opencl.Executor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernels of batchnorm, layernorm, dropout and spatial_dropout: training mode through
 * {@link OpCheck} (forward against {@link NormRef}/{@link DropoutRef}, backward against the
 * reference and finite differences, fp32 against fp64), inference mode against the reference,
 * batch norm's running statistics, and the dropout masks (read back from the device and fed to
 * the reference; keep rate, seeds).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class NormDropoutKernelTest {

    // ---------------------------------------------------------------- batchnorm

    /** Batch, per-sample shape, options, and the options' values (eps, momentum, affine). */
    static Stream<Arguments> batchNormCases() {
        return Stream.of(
                Arguments.of(2, new int[] {3, 4, 5}, "", 1e-5, 0.1, true),
                Arguments.of(1, new int[] {2, 3, 7}, "(affine: false)", 1e-5, 0.1, false),
                Arguments.of(3, new int[] {4, 5, 2}, "(eps: 0.001, momentum: 0.3)", 1e-3, 0.3, true),
                Arguments.of(5, new int[] {3, 1, 1}, "(momentum: 0)", 1e-5, 0.0, true),
                Arguments.of(4, new int[] {6}, "", 1e-5, 0.1, true),
                Arguments.of(2, new int[] {5}, "(0.01, 1, false)", 1e-2, 1.0, false),
                Arguments.of(7, new int[] {3}, "(affine: false)", 1e-5, 0.1, false),
                // M = 3 * 11 * 13 = 429 > 256: each of the 256 work-items of a channel adds one or two values
                Arguments.of(3, new int[] {2, 11, 13}, "", 1e-5, 0.1, true),
                // M = 300 values of [F] in one channel each, INNER = 1
                Arguments.of(300, new int[] {2}, "", 1e-5, 0.1, true),
                // INNER = 32 and 16, whole vectors: on a CPU the reductions run by blocks of (sample, channel)
                Arguments.of(3, new int[] {2, 4, 8}, "(momentum: 0.2)", 1e-5, 0.2, true),
                Arguments.of(2, new int[] {3, 4, 4}, "(affine: false)", 1e-5, 0.1, false));
    }

    private static String batchNormSource(int[] shape, String args) {
        return "model M { input x: " + dims(shape) + "  output y = x -> batchnorm" + args + " as bn }";
    }

    /** Running variances drawn positive (inference divides by √(running_var + ε)); the rest in [-1, 1]. */
    private static final OpCheck.Fill POSITIVE_VAR = (name, n, rnd) -> {
        double[] d = OpCheck.UNIFORM.draw(name, n, rnd);
        if (name.endsWith("running_var")) {
            for (int i = 0; i < n; i++) {
                d[i] = 0.2 + 1.8 * rnd.nextDouble();
            }
        }
        return d;
    };

    @ParameterizedTest(name = "batchnorm training, batch {0}, {1} {2}")
    @MethodSource("batchNormCases")
    void batchNormTraining(int batch, int[] shape, String args, double eps, double momentum, boolean affine) {
        int[] full = withBatch(batch, shape);
        int c = shape[0];
        OpCheck.verify(batchNormSource(shape, args), batch, 101 + batch * 7L + c, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return NormRef.batchNormTrain(Tensor.of(d.get("x"), full), gammaOf(d, affine, c), betaOf(d, affine, c),
                        Tensor.of(d.get("bn.running_mean"), c), Tensor.of(d.get("bn.running_var"), c), momentum,
                        eps).y().data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                NormRef.Grads g = NormRef.batchNormTrainBackward(Tensor.of(d.get("x"), full), gammaOf(d, affine, c),
                        eps, Tensor.of(dy, full));
                return grads(g, "bn");
            }
        });
    }

    /** Inference cases: [C, H, W] and [F], affine on and off, batch 1, a non-default ε. */
    static Stream<Arguments> batchNormInferenceCases() {
        return Stream.of(
                Arguments.of(2, new int[] {3, 4, 5}, "", 1e-5, 0.1, true),
                Arguments.of(1, new int[] {2, 3, 7}, "(affine: false)", 1e-5, 0.1, false),
                Arguments.of(1, new int[] {6}, "(eps: 0.5)", 0.5, 0.1, true),
                Arguments.of(3, new int[] {5}, "(0.01, 1, false)", 1e-2, 1.0, false));
    }

    @ParameterizedTest(name = "batchnorm inference, batch {0}, {1} {2}")
    @MethodSource("batchNormInferenceCases")
    void batchNormInference(int batch, int[] shape, String args, double eps, double momentum, boolean affine) {
        int[] full = withBatch(batch, shape);
        int c = shape[0];
        OpCheck.verify(batchNormSource(shape, args), batch, 202 + batch * 5L + c, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return NormRef.batchNormInference(Tensor.of(d.get("x"), full), gammaOf(d, affine, c),
                        betaOf(d, affine, c), Tensor.of(d.get("bn.running_mean"), c),
                        Tensor.of(d.get("bn.running_var"), c), eps).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                throw new AssertionError("no backward in inference");
            }
        }, POSITIVE_VAR, false);
    }

    /**
     * One training forward leaves the running statistics PyTorch would (unbiased variance), the
     * saved batch mean and 1/√(var + ε), and counts the batch in num_batches_tracked; a second
     * forward updates again from the new running values.
     */
    @ParameterizedTest(name = "batchnorm running statistics, {0}")
    @EnumSource(Precision.class)
    void batchNormRunningStatistics(Precision precision) {
        double tolerance = precision == Precision.FP64 ? 1e-10 : 1e-4;
        for (Object[] cs : new Object[][] {{3, new int[] {4, 3, 5}, "(momentum: 0.25)", 0.25, 1e-5},
                {6, new int[] {5}, "(eps: 0.1, affine: false)", 0.1, 0.1}}) {
            int batch = (int) cs[0];
            int[] shape = (int[]) cs[1];
            double momentum = (double) cs[3];
            double eps = (double) cs[4];
            int c = shape[0];
            int[] full = withBatch(batch, shape);
            String src = batchNormSource(shape, (String) cs[2]);
            Graph g = KernelHarness.compile(src);
            Random rnd = new Random(77 + c);
            Tensor x = Tensor.uniform(rnd, -2, 3, full);
            Tensor rm = Tensor.uniform(rnd, -1, 1, c);
            Tensor rv = Tensor.uniform(rnd, 0.5, 2, c);
            try (KernelHarness h = new KernelHarness(g, batch, precision, true)) {
                h.setInput(h.input(0), x.data());
                h.setParam("bn.running_mean", rm.data());
                h.setParam("bn.running_var", rv.data());
                if (g.params().stream().anyMatch(p -> p.name().equals("bn.weight"))) {
                    h.setParam("bn.weight", Tensor.uniform(rnd, -1, 1, c).data());
                    h.setParam("bn.bias", Tensor.uniform(rnd, -1, 1, c).data());
                }
                int tracked = h.lowered.param("bn.num_batches_tracked");
                h.executor.buffer(tracked).zero();
                h.forward();
                NormRef.TrainOutput once = NormRef.batchNormTrain(x, null, null, rm, rv, momentum, eps);
                OpCheck.assertClose("running_mean " + precision, once.runningMean().data(),
                        h.param("bn.running_mean", c), tolerance, src);
                OpCheck.assertClose("running_var " + precision, once.runningVar().data(),
                        h.param("bn.running_var", c), tolerance, src);
                OpCheck.assertClose("saved mean " + precision, once.mean().data(), h.saved("bn", "mean", c),
                        tolerance, src);
                double[] invstd = new double[c];
                for (int i = 0; i < c; i++) {
                    invstd[i] = 1 / Math.sqrt(once.var().get(i) + eps);
                }
                OpCheck.assertClose("saved invstd " + precision, invstd, h.saved("bn", "invstd", c), tolerance, src);
                assertArrayEquals(new int[] {1, 0}, h.readInts(tracked, 2), "num_batches_tracked after one batch");

                h.forward();
                NormRef.TrainOutput twice = NormRef.batchNormTrain(x, null, null, once.runningMean(),
                        once.runningVar(), momentum, eps);
                OpCheck.assertClose("running_mean twice " + precision, twice.runningMean().data(),
                        h.param("bn.running_mean", c), tolerance, src);
                OpCheck.assertClose("running_var twice " + precision, twice.runningVar().data(),
                        h.param("bn.running_var", c), tolerance, src);
                assertArrayEquals(new int[] {2, 0}, h.readInts(tracked, 2), "num_batches_tracked after two batches");
            }
        }
    }

    /** Inference leaves the running statistics and the batch count alone. */
    @Test
    void batchNormInferenceKeepsRunningStatistics() {
        String src = batchNormSource(new int[] {3, 2, 2}, "");
        Graph g = KernelHarness.compile(src);
        double[] rm = {0.5, -0.25, 0.125};
        double[] rv = {1.5, 0.75, 2.0};
        try (KernelHarness h = new KernelHarness(g, 2, Precision.FP64, false)) {
            h.setInput(h.input(0), Tensor.uniform(new Random(3), -1, 1, 2, 3, 2, 2).data());
            h.setParam("bn.running_mean", rm);
            h.setParam("bn.running_var", rv);
            h.setParam("bn.weight", new double[] {1, 1, 1});
            h.setParam("bn.bias", new double[] {0, 0, 0});
            int tracked = h.lowered.param("bn.num_batches_tracked");
            h.executor.buffer(tracked).zero();
            h.forward();
            assertArrayEquals(rm, h.param("bn.running_mean", 3));
            assertArrayEquals(rv, h.param("bn.running_var", 3));
            assertArrayEquals(new int[] {0, 0}, h.readInts(tracked, 2));
        }
    }

    /** PyTorch refuses training statistics of a single value per channel; so does lowering. */
    @Test
    void batchNormTrainingNeedsTwoValuesPerChannel() {
        Graph g = KernelHarness.compile(batchNormSource(new int[] {4}, ""));
        String why = dev.cnnc.compiler.ops.BatchNorm.untrainableAt(g, 1);
        assertTrue(why.endsWith("`batchnorm` bn cannot train at batch 1: it normalises each channel of [4] over the "
                + "batch, and batch 1 gives it one value per channel (PyTorch refuses too); train with a batch of at "
                + "least 2 (inference works at any batch)"), why);
        // At batch 1 a training program evaluates only: no training step, the inference phase and the loss.
        Lowered one = Lowering.lower(g, Lowering.Options.builder().batch(1).training(true).inputGradients(true)
                .build());
        assertEquals(java.util.Set.of(Lowered.FORWARD_INFERENCE, Lowered.ZERO_GRADS, Lowered.LOSS),
                one.program().phases().keySet());
        Lowering.lower(g, Lowering.Options.inference(1, Precision.FP32)); // inference is fine
        assertNull(dev.cnnc.compiler.ops.BatchNorm.untrainableAt(g, 2));
        Lowered two = Lowering.lower(g, Lowering.Options.builder().batch(2).training(true).inputGradients(true)
                .build());
        assertTrue(two.program().phases().containsKey(Lowered.BACKWARD));
    }

    /**
     * The inference-mode backward kernels (running statistics are constants), run directly:
     * {@link Lowering} builds a backward program only for training, so no lowered program uses
     * them yet. Per-channel sums (shared with training) give dγ and dβ, and dx = γ·invstd·dy is added.
     */
    @ParameterizedTest(name = "batchnorm inference backward kernels, {0}")
    @EnumSource(Precision.class)
    void batchNormInferenceBackwardKernels(Precision precision) {
        double tolerance = precision == Precision.FP64 ? 1e-10 : 1e-4;
        int n = 3;
        int c = 4;
        int inner = 6;
        double eps = 1e-3;
        Random rnd = new Random(5);
        Tensor x = Tensor.uniform(rnd, -1, 1, n, c, 2, 3);
        Tensor dy = Tensor.uniform(rnd, -1, 1, n, c, 2, 3);
        Tensor gamma = Tensor.uniform(rnd, -1, 1, c);
        Tensor rm = Tensor.uniform(rnd, -1, 1, c);
        Tensor rv = Tensor.uniform(rnd, 0.2, 2, c);
        double[] dx0 = Tensor.uniform(rnd, -1, 1, n * c * inner).data();
        NormRef.Grads expected = NormRef.batchNormInferenceBackward(x, gamma, rm, rv, eps, dy);
        // 32 work-items per channel reduce M = 18 values: some start with nothing to add.
        int width = 32;
        // (the channels, batch, INNER, RELU and ACCUMULATE are every batchnorm kernel's last arguments;
        // every buffer here holds reals)
        KernelTemplate.Values v = new KernelTemplate.Values(precision)
                .i("L", width).s("V", precision.cType() + "16").r("EPS", eps).r("MOMENTUM", 0.1).i("HAS_AFFINE", 1)
                .s("XT", "real").s("YT", "real").s("DYT", "real").s("DXT", "real").s("MT", "real");
        List<Object> tail = List.of(c, n, inner, 0, 1);
        double[] y = new double[n * c * inner]; // the output: read only with a fused ReLU

        double[][] running = NormKernelProbe.run(precision, "batchnorm", v, "running", c, 0, tail, rm.data(), rv.data(),
                new double[c], new double[c]);
        double[] invstd = new double[c];
        for (int i = 0; i < c; i++) {
            invstd[i] = 1 / Math.sqrt(rv.get(i) + eps);
        }
        OpCheck.assertClose("running mean", rm.data(), running[2], tolerance, "");
        OpCheck.assertClose("running invstd", invstd, running[3], tolerance, "");

        double[][] input = NormKernelProbe.run(precision, "batchnorm", v, "backward_input_frozen", n * c * inner, 0, tail,
                dy.data(), y, invstd, gamma.data(), dx0.clone());
        double[] dx = expected.dx().data().clone();
        for (int i = 0; i < dx.length; i++) {
            dx[i] += dx0[i];
        }
        OpCheck.assertClose("dx (accumulated)", dx, input[4], tolerance, "");

        double[][] sums = NormKernelProbe.run(precision, "batchnorm", v, "backward_sums", (long) c * width, width, tail,
                x.data(), dy.data(), y, rm.data(), invstd, new double[2 * c]);
        double[] dBeta = new double[c];
        double[] dGamma = new double[c];
        for (int i = 0; i < c; i++) {
            dBeta[i] = sums[5][2 * i];
            dGamma[i] = sums[5][2 * i + 1];
        }
        OpCheck.assertClose("dbeta", expected.dBeta().data(), dBeta, tolerance, "");
        OpCheck.assertClose("dgamma", expected.dGamma().data(), dGamma, tolerance, "");
    }

    // ---------------------------------------------------------------- layernorm

    static Stream<Arguments> layerNormCases() {
        return Stream.of(
                Arguments.of(2, new int[] {3, 4, 5}, "", 1e-5, true),
                Arguments.of(1, new int[] {7}, "", 1e-5, true),
                Arguments.of(3, new int[] {2, 3, 1}, "(affine: false)", 1e-5, false),
                Arguments.of(4, new int[] {5, 2, 3}, "(eps: 0.01)", 1e-2, true),
                Arguments.of(5, new int[] {2}, "(0.001, false)", 1e-3, false));
    }

    private static OpCheck.Reference layerNormRef(int[] full, int[] shape, double eps, boolean affine) {
        return new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return NormRef.layerNorm(Tensor.of(d.get("x"), full), affine ? Tensor.of(d.get("ln.weight"), shape)
                        : null, affine ? Tensor.of(d.get("ln.bias"), shape) : null, eps).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                return grads(NormRef.layerNormBackward(Tensor.of(d.get("x"), full),
                        affine ? Tensor.of(d.get("ln.weight"), shape) : null, eps, Tensor.of(dy, full)), "ln");
            }
        };
    }

    @ParameterizedTest(name = "layernorm, batch {0}, {1} {2}")
    @MethodSource("layerNormCases")
    void layerNorm(int batch, int[] shape, String args, double eps, boolean affine) {
        String src = "model M { input x: " + dims(shape) + "  output y = x -> layernorm" + args + " as ln }";
        OpCheck.verify(src, batch, 303 + batch * 11L + shape[0], layerNormRef(withBatch(batch, shape), shape, eps,
                affine));
    }

    static Stream<Arguments> layerNormInferenceCases() {
        return Stream.of(
                Arguments.of(2, new int[] {3, 4, 5}, "", 1e-5, true),
                Arguments.of(3, new int[] {2, 3, 1}, "(affine: false)", 1e-5, false));
    }

    /** Inference computes the same per-sample statistics. */
    @ParameterizedTest(name = "layernorm inference, batch {0}, {1} {2}")
    @MethodSource("layerNormInferenceCases")
    void layerNormInference(int batch, int[] shape, String args, double eps, boolean affine) {
        String src = "model M { input x: " + dims(shape) + "  output y = x -> layernorm" + args + " as ln }";
        OpCheck.verify(src, batch, 404 + batch, layerNormRef(withBatch(batch, shape), shape, eps, affine),
                OpCheck.UNIFORM, false);
    }

    // ---------------------------------------------------------------- dropout

    /** Reads back the mask the device draws for layer `drop` with the harness's default seed. */
    private static double[] deviceMask(String src, int batch, int draws, Precision precision) {
        try (KernelHarness h = new KernelHarness(KernelHarness.compile(src), batch, precision, true)) {
            h.forward();
            return h.saved("drop", "mask", draws);
        }
    }

    static Stream<Arguments> dropoutCases() {
        return Stream.of(
                Arguments.of("dropout", 3, new int[] {4, 5, 6}, "", 0.5),
                Arguments.of("dropout", 1, new int[] {17}, "(0.2)", 0.2),
                Arguments.of("dropout", 4, new int[] {9}, "(p: 0.75)", 0.75),
                Arguments.of("dropout", 2, new int[] {3, 5, 2}, "(p: 0)", 0.0),
                Arguments.of("spatial_dropout", 4, new int[] {6, 3, 4}, "", 0.5),
                Arguments.of("spatial_dropout", 1, new int[] {8, 2, 5}, "(0.3)", 0.3),
                Arguments.of("spatial_dropout", 3, new int[] {5, 1, 1}, "(p: 0.6)", 0.6));
    }

    /**
     * Training through OpCheck with the device's own mask, read back first (the draw depends on
     * the seed only, so fp32 and fp64 share it), fed to the reference.
     */
    @ParameterizedTest(name = "{0}{3}, batch {1}, {2}")
    @MethodSource("dropoutCases")
    void dropoutTraining(String op, int batch, int[] shape, String args, double p) {
        boolean spatial = op.equals("spatial_dropout");
        String src = "model M { input x: " + dims(shape) + "  output y = x -> " + op + args + " as drop }";
        int[] full = withBatch(batch, shape);
        int draws = spatial ? batch * shape[0] : Tensor.count(full);
        double[] mask = deviceMask(src, batch, draws, Precision.FP64);
        assertArrayEquals(mask, deviceMask(src, batch, draws, Precision.FP32), "fp32 and fp64 draw the same mask");
        for (double m : mask) {
            assertTrue(m == 0 || m == 1, "mask values are 0 or 1: " + m);
        }
        Tensor maskT = spatial ? Tensor.of(mask, batch, shape[0]) : Tensor.of(mask, full);
        OpCheck.verify(src, batch, 505 + batch + shape[0], new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                Tensor x = Tensor.of(d.get("x"), full);
                return (spatial ? DropoutRef.spatialDropout(x, maskT, p) : DropoutRef.dropout(x, maskT, p)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                Tensor g = Tensor.of(dy, full);
                return Map.of("x", (spatial ? DropoutRef.spatialDropoutBackward(maskT, p, g)
                        : DropoutRef.dropoutBackward(maskT, p, g)).data());
            }
        });
    }

    @ParameterizedTest(name = "{0}{3} inference, batch {1}, {2}")
    @MethodSource("dropoutCases")
    void dropoutInferenceIsIdentity(String op, int batch, int[] shape, String args, double p) {
        String src = "model M { input x: " + dims(shape) + "  output y = x -> " + op + args + " as drop }";
        OpCheck.verify(src, batch, 606 + batch, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return d.get("x");
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                throw new AssertionError("no backward in inference");
            }
        }, OpCheck.UNIFORM, false);
    }

    /** The inference-mode backward (the identity's, added), run directly as Lowering has no use for it yet. */
    @Test
    void dropoutInferenceBackwardKernel() {
        double[] dy = {1, -2, 3.5, 0.25, -0.75};
        double[] dx = {0.5, 0.5, -1, 2, 0};
        KernelTemplate.Values v = new KernelTemplate.Values(Precision.FP64).i("GROUP", 1).i("THRESHOLD", 1L << 31)
                .r("SCALE", 2.0).s("SALT", "0x1UL").s("XT", "real").s("YT", "real").s("DYT", "real")
                .s("DXT", "real");
        double[][] out = NormKernelProbe.run(Precision.FP64, "dropout", v, "backward_copy", dy.length, dy, dx);
        assertArrayEquals(new double[] {1.5, -1.5, 2.5, 2.25, -0.75}, out[1]);
    }

    /**
     * On a large tensor the keep rate is 1 − p (within 5 standard deviations); the output is the
     * reference's for the mask read back; the same seed gives the same mask, another seed another.
     */
    @ParameterizedTest(name = "{0}({4}) masks, batch {1}, {2}")
    @MethodSource("largeMasks")
    void dropoutMasks(String op, int batch, int[] shape, String unused, double p) {
        boolean spatial = op.equals("spatial_dropout");
        String src = "model M { input x: " + dims(shape) + "  output y = x -> " + op + "(" + p + ") as drop }";
        int[] full = withBatch(batch, shape);
        int draws = spatial ? batch * shape[0] : Tensor.count(full);
        Tensor x = Tensor.uniform(new Random(9), 0.5, 1.5, full); // never 0: a zero output means dropped
        try (KernelHarness h = new KernelHarness(KernelHarness.compile(src), batch, Precision.FP32, true)) {
            h.setInput(h.input(0), x.data());
            h.executor.set("seed", 42);
            h.forward();
            double[] mask = h.saved("drop", "mask", draws);
            double kept = 0;
            for (double m : mask) {
                assertTrue(m == 0 || m == 1, "mask values are 0 or 1: " + m);
                kept += m;
            }
            double rate = kept / draws;
            double sd = Math.sqrt(p * (1 - p) / draws);
            assertEquals(1 - p, rate, 5 * sd, "keep rate of " + draws + " draws");
            Tensor maskT = spatial ? Tensor.of(mask, batch, shape[0]) : Tensor.of(mask, full);
            Tensor expected = spatial ? DropoutRef.spatialDropout(x, maskT, p) : DropoutRef.dropout(x, maskT, p);
            OpCheck.assertClose("output for the device's mask", expected.data(), h.value(h.output()), 1e-6, src);

            h.forward();
            assertArrayEquals(mask, h.saved("drop", "mask", draws), "same seed, same mask");
            h.executor.set("seed", 43);
            h.forward();
            double[] other = h.saved("drop", "mask", draws);
            int differ = 0;
            for (int i = 0; i < draws; i++) {
                differ += mask[i] != other[i] ? 1 : 0;
            }
            // Independent masks differ at a fraction 2p(1 − p) of the draws.
            double expectDiffer = 2 * p * (1 - p);
            assertEquals(expectDiffer, (double) differ / draws, 5 * Math.sqrt(expectDiffer * (1 - expectDiffer) / draws),
                    "another seed draws an independent mask");
            h.executor.set("seed", 42);
            h.forward();
            assertArrayEquals(mask, h.saved("drop", "mask", draws), "back to the first seed, back to its mask");
        }
    }

    static Stream<Arguments> largeMasks() {
        return Stream.of(
                Arguments.of("dropout", 16, new int[] {16, 32, 32}, "", 0.3),
                Arguments.of("dropout", 64, new int[] {1000}, "", 0.5),
                Arguments.of("dropout", 8, new int[] {4, 16, 16}, "", 0.9),
                Arguments.of("spatial_dropout", 64, new int[] {256, 2, 2}, "", 0.5),
                Arguments.of("spatial_dropout", 32, new int[] {128, 3, 3}, "", 0.2));
    }

    /** Two dropout layers given one seed draw independent masks (each layer salts its draws with its name). */
    @Test
    void dropoutLayersDrawIndependentMasks() {
        String src = "model M { input x: [4000]  output y = x -> dropout as drop -> dropout as drop2 }";
        try (KernelHarness h = new KernelHarness(KernelHarness.compile(src), 2, Precision.FP32, true)) {
            h.forward();
            double[] a = h.saved("drop", "mask", 8000);
            double[] b = h.saved("drop2", "mask", 8000);
            int differ = 0;
            for (int i = 0; i < a.length; i++) {
                differ += a[i] != b[i] ? 1 : 0;
            }
            assertEquals(0.5, differ / 8000.0, 5 * Math.sqrt(0.25 / 8000), "independent masks differ at half the draws");
        }
    }

    // ---------------------------------------------------------------- without input gradients

    /**
     * A normalization on a model input whose gradient is not asked for (the usual training
     * program): the parameter gradients alone, still the reference's; dropout then has no backward.
     */
    @Test
    void parameterGradientsWithoutInputGradients() {
        int batch = 3;
        int[] shape = {2, 3, 4};
        int[] full = withBatch(batch, shape);
        Random rnd = new Random(21);
        Tensor x = Tensor.uniform(rnd, -1, 1, full);
        Tensor dy = Tensor.uniform(rnd, -1, 1, full);

        Tensor bnGamma = Tensor.uniform(rnd, -1, 1, 2);
        Map<String, double[]> bn = paramGradsOnly("model M { input x: [2, 3, 4]  output y = x -> batchnorm as bn }",
                batch, x, dy, Map.of("bn.weight", bnGamma.data(), "bn.bias", new double[2],
                        "bn.running_mean", new double[2], "bn.running_var", new double[] {1, 1}), 2);
        NormRef.Grads bnRef = NormRef.batchNormTrainBackward(x, bnGamma, 1e-5, dy);
        OpCheck.assertClose("batchnorm dgamma", bnRef.dGamma().data(), bn.get("bn.weight"), 1e-10, "");
        OpCheck.assertClose("batchnorm dbeta", bnRef.dBeta().data(), bn.get("bn.bias"), 1e-10, "");

        Tensor lnGamma = Tensor.uniform(rnd, -1, 1, shape);
        Map<String, double[]> ln = paramGradsOnly("model M { input x: [2, 3, 4]  output y = x -> layernorm as ln }",
                batch, x, dy, Map.of("ln.weight", lnGamma.data(), "ln.bias", new double[24]), 24);
        NormRef.Grads lnRef = NormRef.layerNormBackward(x, lnGamma, 1e-5, dy);
        OpCheck.assertClose("layernorm dgamma", lnRef.dGamma().data(), ln.get("ln.weight"), 1e-10, "");
        OpCheck.assertClose("layernorm dbeta", lnRef.dBeta().data(), ln.get("ln.bias"), 1e-10, "");

        for (String op : new String[] {"dropout", "spatial_dropout"}) {
            Lowered l = Lowering.lower(KernelHarness.compile("model M { input x: [2, 3, 4]  output y = x -> " + op
                    + " }"), Lowering.Options.builder().batch(batch).precision(Precision.FP64).training(true).build());
            assertTrue(l.program().phases().get(Lowered.BACKWARD).isEmpty(), op + " has nothing to propagate");
        }
    }

    /** Runs forward and backward in fp64 with no input gradient; returns the trainable parameters' gradients. */
    private static Map<String, double[]> paramGradsOnly(String src, int batch, Tensor x, Tensor dy,
                                                        Map<String, double[]> params, int paramElements) {
        Graph g = KernelHarness.compile(src);
        Lowered l = Lowering.lower(g, Lowering.Options.builder().batch(batch).precision(Precision.FP64).training(true).build());
        assertThrows(IllegalArgumentException.class, () -> l.grad(g.inputs().get(0)), "no input gradient buffer");
        try (Executor ex = new Executor(KernelHarness.device(), l.program())) {
            ex.buffer(l.value(g.inputs().get(0))).write(x.data());
            params.forEach((name, data) -> ex.buffer(l.param(name)).write(data));
            ex.run(Lowered.FORWARD);
            ex.run(Lowered.ZERO_GRADS);
            ex.run(Lowered.ZERO_PARAM_GRADS);
            ex.buffer(l.grad(g.outputs().values().iterator().next())).write(dy.data());
            ex.run(Lowered.BACKWARD);
            Map<String, double[]> out = new LinkedHashMap<>();
            for (String name : l.paramGrads().keySet()) {
                double[] d = new double[paramElements];
                ex.buffer(l.paramGrad(name)).read(d);
                out.put(name, d);
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String dims(int[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append("]").toString();
    }

    private static int[] withBatch(int batch, int[] shape) {
        int[] full = new int[shape.length + 1];
        full[0] = batch;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }

    private static Tensor gammaOf(Map<String, double[]> d, boolean affine, int c) {
        return affine ? Tensor.of(d.get("bn.weight"), c) : null;
    }

    private static Tensor betaOf(Map<String, double[]> d, boolean affine, int c) {
        return affine ? Tensor.of(d.get("bn.bias"), c) : null;
    }

    private static Map<String, double[]> grads(NormRef.Grads g, String layer) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("x", g.dx().data());
        if (g.dGamma() != null) {
            out.put(layer + ".weight", g.dGamma().data());
            out.put(layer + ".bias", g.dBeta().data());
        }
        return out;
    }
}
