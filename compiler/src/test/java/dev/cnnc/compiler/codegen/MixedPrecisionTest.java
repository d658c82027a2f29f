package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.Reals;
import dev.cnnc.train.io.HalfPrecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mixed precision (fp16 activations and activation gradients, fp32 arithmetic) against fp64, op
 * by op: one training step's loss, logits, every parameter gradient and the input gradient of a
 * model {@code x -> OP -> global_avgpool -> flatten -> dense(4)}, so that the op's input (from
 * the second op on), output and both their gradients are stored as fp16.
 *
 * <p>The bound, per op: storing a value in fp16 changes it by at most u = 2^-11 relative (round
 * to nearest), fp32 arithmetic adds nothing of that size, and each gradient here passes through
 * a few such roundings (the op's output, its gradient, the pooled value and its gradient, and for
 * a backward rule that reads them the op's input or output). So each result is within k·u in
 * relative L2 norm of the exact one, k being the number of fp16 roundings on its path weighted by
 * how much the op can amplify a relative error: 8 for ops that pass values through (activations,
 * pooling, dropout, add, concat, convolution and dense, whose sums of products of rounded terms keep a
 * relative error bound), 32 for the normalizations (batchnorm and layernorm subtract the mean,
 * so a rounding error of the input is relative to |x| rather than to |x − mean|) and the gated
 * ops (sigmoid, mul). (A convolution's bias just before a batchnorm is left out: its exact
 * gradient is zero, so no relative bound applies.) The test also requires that some result of
 * the mixed program is further from fp64 than fp32 arithmetic alone would take it (1e-5), so the
 * rounding is really there.
 */
@Tag("device")
class MixedPrecisionTest {
    private static final double U = 0x1p-11;
    private static final int BATCH = 4;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "conv(6, 3, pad: 1) -> relu                         | 8",
        "conv(6, 3, stride: 2, pad: 1, bias: false)          | 8",
        "conv(6, 3, pad: 1, groups: 3)                       | 8",
        "conv(6, 1) -> conv(4, 3, dilation: 2, pad: 2)       | 8",
        "conv_transpose(4, 3, stride: 2, pad: 1)             | 8",
        "separable_conv(6, 3, pad: 1)                        | 8",
        "conv(6, 3, pad: 1, bias: false) -> batchnorm -> relu | 32",
        "conv(6, 3, pad: 1) -> layernorm                     | 32",
        "batchnorm -> conv(6, 3, pad: 1)                     | 32",
        "layernorm -> conv(6, 3, pad: 1)                     | 32",
        "conv(6, 3, pad: 1) -> maxpool(2)                    | 8",
        "conv(6, 3, pad: 1) -> avgpool(2)                    | 8",
        "conv(6, 3, pad: 1) -> sigmoid                       | 32",
        "conv(6, 3, pad: 1) -> tanh                          | 8",
        "conv(6, 3, pad: 1) -> elu                           | 8",
        "conv(6, 3, pad: 1) -> leaky_relu                    | 8",
        "conv(6, 3, pad: 1) -> adaptive_avgpool(2)           | 8",
        "conv(6, 3, pad: 1) -> adaptive_maxpool(2)           | 8",
        "conv(6, 3, pad: 1) -> maxpool(3, stride: 2, pad: 1) | 8",
        "conv(6, 3, pad: 1) -> avgpool(3, stride: 2, pad: 1) | 8",
        "conv(6, 3, pad: 1) -> dropout(0.3)                  | 8",
        "conv(6, 3, pad: 1) -> spatial_dropout(0.3)          | 8",
    })
    void opWithinFp16Bound(String chain, int k) {
        check("x -> " + chain, k);
    }

    /**
     * The direct kernels of {@code --target gpu} (convolutions, dense layers) take fp32 working
     * copies: the same bounds hold.
     */
    @Test
    void gpuKernelsOnWorkingCopies() {
        matrixKernels = false;
        try {
            check("x -> conv(6, 3, pad: 1, bias: false) -> batchnorm -> relu -> conv(4, 3, stride: 2, pad: 1)", 32);
            compare(KernelHarness.compile("model M {\n  input x: [3, 6, 6]\n  output logits = x -> flatten -> "
                    + "dense(16) as f1 -> relu -> dense(4) as head\n}\n"), 8, "dense, direct kernels");
        } finally {
            matrixKernels = true;
        }
    }

    @Test
    void residualAddAndConcat() {
        check("concat(x -> conv(3, 3, pad: 1) as a -> relu, x) -> add(x -> conv(6, 1) as b)", 8);
    }

    @Test
    void broadcastMul() {
        check("mul(x -> conv(4, 3, pad: 1) as a, x -> global_avgpool -> conv(4, 1) as s -> sigmoid)", 32);
    }

    @Test
    void denseLayers() {
        String src = """
                model M {
                  input x: [3, 6, 6]
                  output logits = x -> flatten -> dense(16) as f1 -> relu -> dense(12) as f2 -> relu -> dense(4) as head
                }
                """;
        compare(KernelHarness.compile(src), 8, "dense");
    }

    /**
     * Kernels that read and write fp16 themselves compute bit for bit what the same layers compute
     * on fp32 working copies (widened before, rounded after): three training steps and an
     * evaluation of the small ResNet (fused: convolutions with batch statistics and epilogues) and
     * of a dense stack; and they leave no working copy for convolutions and dense layers.
     */
    @Test
    void halfKernelsEqualWorkingCopies() {
        List<Graph> graphs = List.of(dev.cnnc.compiler.passes.Passes.optimize(SmallResNet.graph()),
                KernelHarness.compile(PlannedEquivalenceTest.DROP_CAT));
        for (Graph g : graphs) {
            OptimizerLowering.Config opt = OptimizerLowering.Config.sgd(0.05, 0.9, false, 1e-4);
            Lowering.Options o = Lowering.Options.training(2, Precision.MIXED, LossLowering.Loss.crossEntropy(0.1));
            Lowered fast = Lowering.lower(g, o, opt);
            Lowered[] copies = new Lowered[1];
            Emitter.withWorkingCopies(() -> copies[0] = Lowering.lower(g, o, opt));
            assertTrue(widenings(fast) < widenings(copies[0]), g.name() + ": " + widenings(fast) + " vs "
                    + widenings(copies[0]));
            for (Program.Launch l : fast.program().phases().get(Lowered.FORWARD)) {
                if (l.kernel().startsWith("cnnc_widen_half") || l.kernel().startsWith("cnnc_round_half")) {
                    String node = l.origin().substring(0, l.origin().indexOf(' '));
                    String op = g.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().op()
                            .name();
                    assertTrue(!op.equals("conv") && !op.equals("dense"), node + " (" + op + ") has working copies");
                }
            }
            List<double[]> a = PlannedEquivalenceTest.run(fast, opt);
            List<double[]> b = PlannedEquivalenceTest.run(copies[0], opt);
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(i), a.get(i), g.name() + ": result #" + i);
            }
        }
    }

    private static long widenings(Lowered l) {
        return l.program().phases().values().stream().flatMap(List::stream)
                .filter(x -> x.kernel().equals("cnnc_widen_half") || x.kernel().equals("cnnc_round_half")).count();
    }

    /** The half buffers of a mixed program are the activations and their gradients only. */
    @Test
    void halfBuffersAreActivations() {
        Graph g = KernelHarness.compile(model("x -> conv(6, 3, pad: 1) as c -> batchnorm as bn -> relu"));
        Lowered l = Lowering.lower(g, options(Precision.MIXED), OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
        List<String> half = new ArrayList<>();
        for (Program.Buffer b : l.program().buffers()) {
            if (b.half()) {
                half.add(b.name());
            }
        }
        assertTrue(half.containsAll(List.of("c", "grad.c", "bn", "grad.bn")), half::toString);
        for (Param p : g.params()) {
            assertTrue(!l.program().buffers().get(l.param(p.name())).half(), p.name());
        }
        assertTrue(!l.program().buffers().get(l.value(g.inputs().get(0))).half(), "the input stays fp32");
        assertTrue(!l.program().buffers().get(l.value(g.outputs().values().iterator().next())).half(),
                "the logits stay fp32");
        Lowered fp32 = Lowering.lower(g, options(Precision.FP32), OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
        assertEquals(2 * l.program().buffers().get(l.value(findValue(g, "bn"))).bytes(),
                fp32.program().buffers().get(fp32.value(findValue(g, "bn"))).bytes());
    }

    /**
     * Batchnorm and layernorm read and write their fp16 activations and gradients themselves: no
     * launch of theirs, in any phase, widens a half buffer to an fp32 working copy or rounds one back.
     */
    @Test
    void normalizationsReadHalfThemselves() {
        for (String chain : List.of("x -> conv(6, 3, pad: 1, bias: false) as c -> batchnorm as bn -> relu",
                "x -> conv(6, 3, pad: 1, bias: false) as c -> layernorm as ln")) {
            Graph g = KernelHarness.compile(model(chain));
            Lowered l = Lowering.lower(g, options(Precision.MIXED), OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
            int launches = 0;
            for (Map.Entry<String, List<Program.Launch>> phase : l.program().phases().entrySet()) {
                for (Program.Launch launch : phase.getValue()) {
                    String origin = launch.origin();
                    if (origin != null && (origin.startsWith("bn ") || origin.startsWith("ln "))) {
                        launches++;
                        assertTrue(!launch.kernel().equals("cnnc_widen_half") && !launch.kernel().equals("cnnc_round_half"),
                                chain + ": " + phase.getKey() + " launches " + launch.kernel() + " for " + origin);
                    }
                }
            }
            assertTrue(launches > 0, chain + ": no launches of the normalization");
        }
    }

    /**
     * Batchnorm's block kernels (a CPU's, for a spatial size that is whole 16-vectors) on fp16
     * activations, within the normalizations' bound.
     */
    @Test
    void batchNormBlocks() {
        String src = """
                model M {
                  input x: [3, 8, 8]
                  output logits = x -> conv(6, 3, pad: 1, bias: false) -> batchnorm as bn -> relu -> global_avgpool
                      -> flatten -> dense(4) as head
                }
                """;
        Graph g = KernelHarness.compile(src);
        List<String> kernels = new ArrayList<>();
        for (List<Program.Launch> phase : Lowering.lower(g, options(Precision.MIXED)).program().phases().values()) {
            for (Program.Launch launch : phase) {
                if (launch.origin() != null && launch.origin().startsWith("bn ")) {
                    kernels.add(launch.kernel());
                }
            }
        }
        assertTrue(kernels.stream().anyMatch(k -> k.contains("_block_")), "the block kernels: " + kernels);
        compare(g, 32, "batchnorm blocks");
    }

    /**
     * Batchnorm with the ReLU fused in (its backward reads the fp16 output for the mask) and with
     * the statistics given by the convolution before, per channel (6x6) and in blocks (8x8).
     */
    @ParameterizedTest(name = "{0}x{0}")
    @CsvSource({"6", "8"})
    void batchNormFused(int size) {
        String src = """
                model M {
                  input x: [3, SIZE, SIZE]
                  output logits = x -> conv(6, 3, pad: 1, bias: false) -> batchnorm -> relu -> global_avgpool
                      -> flatten -> dense(4) as head
                }
                """.replace("SIZE", Integer.toString(size));
        Graph g = dev.cnnc.compiler.passes.FuseBatchNormStatistics.apply(
                dev.cnnc.compiler.passes.FuseRelu.apply(KernelHarness.compile(src)));
        assertTrue(g.nodes().stream().anyMatch(n -> dev.cnnc.compiler.ops.Fused.relu(n.attrs())
                && dev.cnnc.compiler.ops.Fused.givenStatistics(n.attrs())), g::dump);
        compare(g, 32, "fused batchnorm " + size + "x" + size);
    }

    /**
     * The merging ops and the poolings read and write fp16 buffers themselves
     * ({@link dev.cnnc.compiler.codegen.kernels.OpKernels#halfStorage}): no launch of theirs widens
     * a half buffer into an fp32 working copy or rounds one back, in forward or backward.
     */
    @Test
    void mergeAndPoolReadHalfThemselves() {
        // concat and add take the model input (real) beside half activations
        Graph g = KernelHarness.compile("model M {\n  input x: [3, 8, 8]\n  output logits = "
                + "concat(x -> conv(3, 3, pad: 1) as a -> relu, x) as cat -> add(x -> conv(6, 1) as b) as sum"
                + " -> mul(x -> conv(6, 1) as c) as prod -> maxpool(2) as mp -> avgpool(2) as ap"
                + " -> global_avgpool as gp -> flatten -> dense(4) as head\n}\n");
        Lowered l = Lowering.lower(g, options(Precision.MIXED), OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
        List<String> names = List.of("cat", "sum", "prod", "mp", "ap", "gp");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (Map.Entry<String, List<Program.Launch>> phase : l.program().phases().entrySet()) {
            for (Program.Launch launch : phase.getValue()) {
                for (String name : names) {
                    if (launch.origin().startsWith(name + " ")) {
                        seen.add(name);
                        assertTrue(!launch.kernel().equals("cnnc_widen_half")
                                && !launch.kernel().equals("cnnc_round_half"),
                                phase.getKey() + ": " + launch.kernel() + " of " + launch.origin());
                    }
                }
            }
        }
        assertEquals(new java.util.TreeSet<>(names), seen, "every node has launches");
        List<String> half = new ArrayList<>();
        for (Program.Buffer b : l.program().buffers()) {
            if (b.half()) {
                half.add(b.name());
            }
        }
        assertTrue(half.containsAll(List.of("cat", "sum", "prod", "mp", "ap", "grad.cat", "grad.mp")),
                half::toString);
    }

    /**
     * The device rounds to fp16 as PyTorch's {@code tensor.half()} does (nearest, ties to even,
     * overflow to infinity, subnormals kept): a ReLU's stored output, read back as bits, equals
     * {@link HalfPrecision#floatToHalf} of max(x, 0) for inputs that are ties, just off ties,
     * subnormal, at the top of the range and beyond it.
     */
    @Test
    void deviceRoundsToFp16AsPyTorch() {
        Graph g = KernelHarness.compile("model M {\n  input x: [1, 4, 8]\n  output logits = x -> relu as r"
                + " -> global_avgpool -> flatten -> dense(2) as head\n}\n");
        Lowered l = Lowering.lower(g, Lowering.Options.inference(4, Precision.MIXED));
        float[] special = {1f + 0x1p-11f, 1f + 0x1.8p-10f, 1f + 0x1.01p-11f, 65504f, 65519f, 65520f, 1e6f,
            0x1.8p-25f, 0x1p-25f, 0x1.8p-24f, 0x1p-14f, 3.14159265f, 0.1f, -2f, 0f};
        Random r = new Random(5);
        double[] x = new double[4 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < special.length ? special[i] : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
        }
        try (Executor ex = new Executor(KernelHarness.device(), l.program())) {
            PlannedEquivalenceTest.poisonAndFill(ex, l, r, false);
            Reals.write(ex.buffer(l.value(g.inputs().get(0))), x, false);
            ex.run(Lowered.FORWARD);
            int relu = l.value(findValue(g, "r"));
            assertTrue(l.program().buffers().get(relu).half());
            byte[] raw = new byte[2 * x.length];
            ex.buffer(relu).read(raw);
            for (int i = 0; i < x.length; i++) {
                short got = (short) ((raw[2 * i] & 0xff) | (raw[2 * i + 1] << 8));
                short want = HalfPrecision.floatToHalf(Math.max((float) x[i], 0f));
                assertEquals(want, got, "x = " + (float) x[i]);
            }
        }
    }

    private static Value findValue(Graph g, String name) {
        return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow().output();
    }

    private static String model(String chain) {
        return "model M {\n  input x: [3, 6, 6]\n  output logits = " + chain
                + " -> global_avgpool -> flatten -> dense(4) as head\n}\n";
    }

    private static void check(String chain, int k) {
        compare(KernelHarness.compile(model(chain)), k, chain);
    }

    /** GEMM kernels (a CPU's), or the direct kernels (a GPU's: {@link #gpuKernelsOnWorkingCopies}). */
    private static boolean matrixKernels = true;

    private static Lowering.Options options(Precision p) {
        return Lowering.Options.builder().batch(BATCH).precision(p).training(true).inputGradients(true)
                .loss(LossLowering.Loss.crossEntropy(0)).matrixKernels(matrixKernels).build();
    }

    private static void compare(Graph g, int k, String what) {
        Map<String, double[]> exact = step(g, Precision.FP64);
        Map<String, double[]> mixed = step(g, Precision.MIXED);
        double largest = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, double[]> e : exact.entrySet()) {
            double err = relativeL2(mixed.get(e.getKey()), e.getValue());
            report.append(String.format(Locale.ROOT, "%n  %s: %.2e (bound %.2e)", e.getKey(), err, k * U));
            assertTrue(err <= k * U, what + ": " + e.getKey() + " off by " + err + " relative, bound " + k * U
                    + report);
            largest = Math.max(largest, err);
        }
        // fp32 programs are within about 1e-7 of fp64 here; fp16 storage shows as 1e-5 or more
        assertTrue(largest > FP32_NOISE, what + ": every result within " + FP32_NOISE + " of fp64: no fp16 storage?"
                + report);
    }

    /** Well above what fp32 arithmetic alone moves these results (2^-24 per operation), well below 2^-11. */
    private static final double FP32_NOISE = 1e-5;

    private static double relativeL2(double[] a, double[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < ref.length; i++) {
            num += (a[i] - ref[i]) * (a[i] - ref[i]);
            den += ref[i] * ref[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }

    /** One training step's results by name, from the same seeded data in every precision. */
    private static Map<String, double[]> step(Graph g, Precision p) {
        Lowered l = Lowering.lower(g, options(p));
        boolean fp64 = p == Precision.FP64;
        Random r = new Random(11);
        Map<String, double[]> out = new LinkedHashMap<>();
        try (Executor ex = new Executor(KernelHarness.device(), l.program())) {
            PlannedEquivalenceTest.poisonAndFill(ex, l, r, fp64);
            Value in = g.inputs().get(0);
            Value logits = g.outputs().values().iterator().next();
            int classes = (int) logits.shape().elements();
            double[] x = new double[(int) (BATCH * in.shape().elements())];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            int[] y = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                y[i] = r.nextInt(classes);
            }
            Reals.write(ex.buffer(l.value(in)), x, fp64);
            ex.buffer(l.labels()).write(y);
            ex.set("seed", 1234); // dropout's masks: the same in every precision
            for (String phase : new String[] {Lowered.ZERO_PARAM_GRADS, Lowered.FORWARD, Lowered.ZERO_GRADS,
                    Lowered.LOSS, Lowered.BACKWARD}) {
                ex.run(phase);
            }
            out.put("loss", Reals.read(ex.buffer(l.loss()), BATCH, fp64));
            out.put("logits", Reals.read(ex.buffer(l.value(logits)), BATCH * classes, fp64));
            for (Param prm : g.params()) {
                if (prm.trainable()) {
                    out.put("grad." + prm.name(), Reals.read(ex.buffer(l.paramGrad(prm.name())), (int) prm.elements(),
                            fp64));
                }
            }
            out.put("grad.x", Reals.read(ex.buffer(l.grad(in)), x.length, fp64));
        }
        return out;
    }
}
