package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.reference.PoolRef;
import dev.cnnc.compiler.reference.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernels of every pooling (maxpool, avgpool, global_avgpool, global_maxpool, adaptive_avgpool,
 * adaptive_maxpool, fractional_maxpool), verified by {@link OpCheck} against {@link PoolRef} over
 * fixed and randomized geometries (odd sizes, stride > kernel, dilation, padding, ceil mode with
 * windows past the input, batch 1, non-square), and over broader random sweeps, in training and
 * inference mode, by {@link PoolChecks#sweep}.
 * Max-type ops get inputs without ties ({@link Tensor#distinct}) so finite differences are valid;
 * ties are checked separately against the reference's first-maximum rule.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class PoolKernelTest {

    /** Max-type inputs: pairwise distinct values, so no window has a tie. */
    static final OpCheck.Fill DISTINCT = (name, n, rnd) -> Tensor.distinct(rnd, n).data();

    // ---------------------------------------------------------------- maxpool / avgpool

    /** One maxpool/avgpool case: input {@code [n, c, h, w]} and geometry; {@code defaultStride} omits `stride`. */
    record Case(int n, int c, int h, int w, PoolRef.Spec spec, boolean defaultStride) {
        int[] shape() {
            return new int[] {n, c, h, w};
        }

        /** The pooling call in the language. */
        String call(String op, String extra) {
            PoolRef.Spec s = spec;
            StringBuilder b = new StringBuilder(op).append("(").append(pair(s.kernelH(), s.kernelW()));
            if (!defaultStride) {
                b.append(", stride: ").append(pair(s.strideH(), s.strideW()));
            }
            b.append(", pad: ").append(pair(s.padH(), s.padW()));
            if (op.equals("maxpool")) {
                b.append(", dilation: ").append(pair(s.dilationH(), s.dilationW()));
            }
            b.append(", ceil_mode: ").append(s.ceilMode()).append(extra).append(")");
            return b.toString();
        }

        String source(String op, String extra) {
            return "model M { input x: [" + c + ", " + h + ", " + w + "]  output y = x -> " + call(op, extra)
                    + " as pool }";
        }

        @Override
        public String toString() {
            return Arrays.toString(shape()) + " " + spec + (defaultStride ? " (default stride)" : "");
        }
    }

    private static String pair(int a, int b) {
        return "(" + a + ", " + b + ")";
    }

    private static PoolRef.Spec spec(int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceil) {
        return new PoolRef.Spec(kh, kw, sh, sw, ph, pw, dh, dw, ceil);
    }

    /** True when the reference accepts the case (every window of a max pooling holds an input element). */
    private static boolean valid(Case k, boolean max) {
        try {
            Tensor x = Tensor.distinct(new Random(0), k.shape());
            if (max) {
                PoolRef.maxPool(x, k.spec());
            } else {
                PoolRef.avgPool(x, k.spec(), true);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<Case> randomCases(long seed, int count, boolean max) {
        Random rnd = new Random(seed);
        List<Case> cases = new ArrayList<>();
        while (cases.size() < count) {
            int kh = 1 + rnd.nextInt(4);
            int kw = 1 + rnd.nextInt(4);
            int dh = max ? 1 + rnd.nextInt(3) : 1;
            int dw = max ? 1 + rnd.nextInt(3) : 1;
            PoolRef.Spec s = spec(kh, kw, 1 + rnd.nextInt(4), 1 + rnd.nextInt(4), rnd.nextInt(kh / 2 + 1),
                    rnd.nextInt(kw / 2 + 1), dh, dw, rnd.nextBoolean());
            int h = Math.max(1, 1 + (kh - 1) * dh - 2 * s.padH()) + rnd.nextInt(6);
            int w = Math.max(1, 1 + (kw - 1) * dw - 2 * s.padW()) + rnd.nextInt(6);
            Case k = new Case(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), h, w, s, false);
            if (valid(k, max)) {
                cases.add(k);
            }
        }
        return cases;
    }

    static Stream<Case> maxCases() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case(2, 3, 9, 8, spec(3, 3, 2, 2, 1, 1, 1, 1, false), false),     // ResNet stem
                new Case(1, 2, 8, 8, spec(2, 2, 2, 2, 0, 0, 1, 1, false), true),      // maxpool(2), default stride
                new Case(1, 2, 7, 7, spec(2, 2, 3, 3, 0, 0, 1, 1, false), false),     // stride > kernel
                new Case(2, 2, 8, 7, spec(3, 3, 2, 2, 1, 1, 2, 2, true), false),      // dilation, ceil
                new Case(1, 3, 5, 6, spec(3, 2, 2, 1, 1, 0, 1, 1, true), false),      // non-square
                new Case(3, 1, 6, 5, spec(3, 3, 2, 2, 1, 1, 1, 1, true), false),      // ceil: past the padding
                new Case(1, 1, 11, 4, spec(3, 1, 4, 1, 1, 0, 3, 1, false), false)));  // dilation 3, stride > kernel
        cases.addAll(randomCases(31, 3, true));
        return cases.stream();
    }

    @ParameterizedTest(name = "maxpool {0}")
    @MethodSource("maxCases")
    void maxpool(Case k) {
        OpCheck.verify(k.source("maxpool", ""), k.n(), 100 + k.hashCode(), PoolChecks.reference(k.shape(),
                x -> PoolRef.maxPool(x, k.spec()), (x, dy) -> PoolRef.maxPoolBackward(x, k.spec(), dy)), DISTINCT,
                true);
    }

    private static PoolChecks.SweepCase maxSweepCase(String name, Case k) {
        return new PoolChecks.SweepCase(name, new int[] {k.c(), k.h(), k.w()}, k.call("maxpool", ""),
                x -> PoolRef.maxPool(x, k.spec()), (x, dy) -> PoolRef.maxPoolBackward(x, k.spec(), dy));
    }

    /** 14 random geometries (batch 2) in one model, in training and inference. */
    @Test
    void maxpoolSweep() {
        List<PoolChecks.SweepCase> cases = new ArrayList<>();
        for (Case k : randomCases(41, 14, true)) {
            cases.add(maxSweepCase("p" + cases.size(), k));
        }
        PoolChecks.sweep(2, 42, cases, DISTINCT);
    }

    static Stream<Arguments> avgCases() {
        List<Case> cases = List.of(
                new Case(2, 3, 7, 6, spec(3, 3, 2, 2, 1, 1, 1, 1, false), false),
                new Case(1, 2, 7, 8, spec(3, 3, 3, 3, 0, 0, 1, 1, true), true),       // avgpool(3), ceil: past the input
                new Case(2, 2, 6, 5, spec(3, 3, 2, 2, 1, 1, 1, 1, true), false),      // ceil: past the padding
                new Case(1, 3, 7, 4, spec(3, 2, 3, 1, 1, 1, 1, 1, true), false),      // non-square kernel, ceil
                new Case(2, 2, 7, 7, spec(2, 2, 3, 3, 1, 1, 1, 1, false), false),     // stride > kernel, padding
                // windows inside the input (unrolled forward): LeNet's 2x2 stride 2, disjoint (backward
                // without loops), an odd width leaving the last column out of every window
                new Case(2, 3, 8, 9, spec(2, 2, 2, 2, 0, 0, 1, 1, false), false),
                new Case(1, 2, 7, 7, spec(3, 3, 2, 2, 0, 0, 1, 1, false), false),     // inside, overlapping
                new Case(2, 2, 7, 8, spec(2, 3, 3, 3, 0, 0, 1, 1, false), false));    // inside, disjoint with gaps
        List<Arguments> args = new ArrayList<>();
        for (Case k : cases) {
            args.add(Arguments.of(k, true));
            args.add(Arguments.of(k, false));
        }
        List<Case> random = randomCases(32, 2, false);
        args.add(Arguments.of(random.get(0), true));
        args.add(Arguments.of(random.get(1), false));
        return args.stream();
    }

    @ParameterizedTest(name = "avgpool {0} count_include_pad {1}")
    @MethodSource("avgCases")
    void avgpool(Case k, boolean includePad) {
        OpCheck.verify(k.source("avgpool", ", count_include_pad: " + includePad), k.n(), 200 + k.hashCode(),
                PoolChecks.reference(k.shape(), x -> PoolRef.avgPool(x, k.spec(), includePad),
                        (x, dy) -> PoolRef.avgPoolBackward(x, k.spec(), includePad, dy)), OpCheck.UNIFORM, true);
    }

    /** 14 random geometries (batch 2), count_include_pad alternating, in one model. */
    @Test
    void avgpoolSweep() {
        List<PoolChecks.SweepCase> cases = new ArrayList<>();
        List<Case> all = new ArrayList<>(randomCases(43, 13, false));
        all.add(new Case(1, 1, 9, 3, spec(4, 2, 1, 3, 2, 1, 1, 1, true), false));   // pad = kernel / 2, even kernel
        for (Case k : all) {
            boolean include = cases.size() % 2 == 0;
            cases.add(new PoolChecks.SweepCase("p" + cases.size(), new int[] {k.c(), k.h(), k.w()},
                    k.call("avgpool", ", count_include_pad: " + include),
                    x -> PoolRef.avgPool(x, k.spec(), include),
                    (x, dy) -> PoolRef.avgPoolBackward(x, k.spec(), include, dy)));
        }
        PoolChecks.sweep(2, 44, cases, OpCheck.UNIFORM);
    }

    @Test
    void avgpoolDivisorsAtTheBorderFollowPyTorch() {
        // 1x1x6x5 of ones, k3 s2 p1 ceil (PyTorch): corner (0,0) = 4/9, cell (3,2) = 2/6 with padding counted
        Case k = new Case(1, 1, 6, 5, spec(3, 3, 2, 2, 1, 1, 1, 1, true), false);
        Graph g = KernelHarness.compile(k.source("avgpool", ", count_include_pad: true"));
        try (KernelHarness h = new KernelHarness(g, 1, Precision.FP64, false)) {
            double[] ones = new double[30];
            Arrays.fill(ones, 1.0);
            h.setInput(h.input(0), ones);
            h.forward();
            double[] y = h.value(h.output());
            assertEquals(12, y.length);
            assertEquals(4.0 / 9, y[0], 1e-15);
            assertEquals(2.0 / 6, y[3 * 3 + 2], 1e-15);
        }
    }

    // ---------------------------------------------------------------- global and adaptive pools

    static Stream<int[]> globalShapes() {
        // {n, c, h, w}
        return Stream.of(new int[] {2, 3, 5, 4}, new int[] {1, 2, 7, 7});
    }

    private static String globalSource(String op, int[] s) {
        return "model M { input x: [" + s[1] + ", " + s[2] + ", " + s[3] + "]  output y = x -> " + op + " }";
    }

    @ParameterizedTest(name = "global_avgpool {0}")
    @MethodSource("globalShapes")
    void globalAvgpool(int[] s) {
        OpCheck.verify(globalSource("global_avgpool", s), s[0], 300 + Arrays.hashCode(s), PoolChecks.reference(s,
                PoolRef::globalAvgPool, PoolRef::globalAvgPoolBackward), OpCheck.UNIFORM, true);
    }

    @ParameterizedTest(name = "global_maxpool {0}")
    @MethodSource("globalShapes")
    void globalMaxpool(int[] s) {
        OpCheck.verify(globalSource("global_maxpool", s), s[0], 400 + Arrays.hashCode(s), PoolChecks.reference(s,
                PoolRef::globalMaxPool, PoolRef::globalMaxPoolBackward), DISTINCT, true);
    }

    static Stream<int[]> adaptiveCases() {
        // {n, c, h, w, out_h, out_w}: non-dividing (overlapping regions), upsampling, non-square
        return Stream.of(new int[] {2, 2, 7, 5, 3, 2}, new int[] {2, 2, 3, 2, 5, 4}, new int[] {1, 2, 9, 13, 2, 5});
    }

    private static String adaptiveCall(String op, int oh, int ow) {
        return op + "(output_size: (" + oh + ", " + ow + "))";
    }

    private static String adaptiveSource(String op, int[] a) {
        return "model M { input x: [" + a[1] + ", " + a[2] + ", " + a[3] + "]  output y = x -> "
                + adaptiveCall(op, a[4], a[5]) + " }";
    }

    @ParameterizedTest(name = "adaptive_avgpool {0}")
    @MethodSource("adaptiveCases")
    void adaptiveAvgpool(int[] a) {
        OpCheck.verify(adaptiveSource("adaptive_avgpool", a), a[0], 500 + Arrays.hashCode(a),
                PoolChecks.reference(Arrays.copyOf(a, 4), x -> PoolRef.adaptiveAvgPool(x, a[4], a[5]),
                        PoolRef::adaptiveAvgPoolBackward), OpCheck.UNIFORM, true);
    }

    @ParameterizedTest(name = "adaptive_maxpool {0}")
    @MethodSource("adaptiveCases")
    void adaptiveMaxpool(int[] a) {
        OpCheck.verify(adaptiveSource("adaptive_maxpool", a), a[0], 600 + Arrays.hashCode(a),
                PoolChecks.reference(Arrays.copyOf(a, 4), x -> PoolRef.adaptiveMaxPool(x, a[4], a[5]),
                        PoolRef::adaptiveMaxPoolBackward), DISTINCT, true);
    }

    /**
     * Global and adaptive poolings over random sizes (down, up, equal, to 1x1, from 1xW), both
     * kinds, in one model; fixed extremes first.
     */
    private static List<PoolChecks.SweepCase> globalAndAdaptiveSweep(String kind) {
        boolean max = kind.equals("max");
        List<PoolChecks.SweepCase> cases = new ArrayList<>();
        for (int[] s : new int[][] {{3, 1, 1}, {2, 1, 6}, {1, 5, 3}}) {
            cases.add(new PoolChecks.SweepCase("g" + cases.size(), s, "global_" + kind + "pool",
                    max ? PoolRef::globalMaxPool : PoolRef::globalAvgPool,
                    max ? PoolRef::globalMaxPoolBackward : PoolRef::globalAvgPoolBackward));
        }
        List<int[]> sizes = new ArrayList<>(List.of(new int[] {1, 1, 7, 3, 3}, new int[] {2, 8, 8, 4, 4},
                new int[] {1, 6, 6, 1, 1}, new int[] {2, 5, 4, 5, 4}, new int[] {1, 1, 1, 2, 3}));
        Random rnd = new Random(max ? 45 : 46);
        while (sizes.size() < 8) {
            sizes.add(new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(12), 1 + rnd.nextInt(12), 1 + rnd.nextInt(7),
                1 + rnd.nextInt(7)});
        }
        for (int[] a : sizes) {
            cases.add(new PoolChecks.SweepCase("a" + cases.size(), new int[] {a[0], a[1], a[2]},
                    adaptiveCall("adaptive_" + kind + "pool", a[3], a[4]),
                    max ? x -> PoolRef.adaptiveMaxPool(x, a[3], a[4]) : x -> PoolRef.adaptiveAvgPool(x, a[3], a[4]),
                    max ? PoolRef::adaptiveMaxPoolBackward : PoolRef::adaptiveAvgPoolBackward));
        }
        return cases;
    }

    @Test
    void globalAndAdaptiveAvgpoolSweep() {
        PoolChecks.sweep(2, 47, globalAndAdaptiveSweep("avg"), OpCheck.UNIFORM);
    }

    @Test
    void globalAndAdaptiveMaxpoolSweep() {
        PoolChecks.sweep(3, 48, globalAndAdaptiveSweep("max"), DISTINCT);
    }

    // ---------------------------------------------------------------- fractional_maxpool

    /**
     * A fractional pooling case: input {@code [n, c, h, w]}, kernel, and either {@code output_size}
     * (oh, ow) or a ratio; the output size follows the compiler's shape rule.
     */
    record FractionalCase(int n, int c, int h, int w, int kh, int kw, String size) {
        String source() {
            return "model M { input x: [" + c + ", " + h + ", " + w + "]  output y = x -> fractional_maxpool(("
                    + kh + ", " + kw + "), " + size + ") as pool }";
        }

        int[] shape() {
            return new int[] {n, c, h, w};
        }
    }

    static Stream<FractionalCase> fractionalCases() {
        return Stream.of(new FractionalCase(2, 2, 9, 8, 2, 2, "output_size: (6, 5)"),
                new FractionalCase(1, 3, 7, 10, 3, 2, "output_size: (4, 7)"),
                new FractionalCase(2, 2, 6, 6, 2, 3, "output_size: (1, 4)"),   // one row of windows: at the end
                new FractionalCase(3, 2, 11, 9, 2, 2, "ratio: 0.5"));
    }

    @ParameterizedTest(name = "fractional_maxpool {0}")
    @MethodSource("fractionalCases")
    void fractionalMaxpool(FractionalCase k) {
        String src = k.source();
        Graph g = KernelHarness.compile(src);
        int oh = g.outputs().values().iterator().next().shape().height();
        int ow = g.outputs().values().iterator().next().shape().width();
        // KernelHarness runs with seed 1234; the windows are those the hash gives for the node `pool`.
        PoolRef.Regions r = PoolFractionalSampler.regions(1234, "pool", k.n(), k.c(), k.h(), k.w(), oh, ow, k.kh(),
                k.kw());
        OpCheck.verify(src, k.n(), 700 + k.hashCode(), PoolChecks.reference(k.shape(),
                x -> PoolRef.fractionalMaxPool(x, k.kh(), k.kw(), r),
                (x, dy) -> PoolRef.fractionalMaxPoolBackward(x, k.kh(), k.kw(), r, dy)), DISTINCT, true);
    }

    private static PoolChecks.SweepCase fractionalSweepCase(String name, int batch, int c, int h, int w, int kh,
                                                            int kw, int oh, int ow) {
        PoolRef.Regions r = PoolFractionalSampler.regions(1234, name, batch, c, h, w, oh, ow, kh, kw);
        return new PoolChecks.SweepCase(name, new int[] {c, h, w},
                "fractional_maxpool(" + pair(kh, kw) + ", output_size: " + pair(oh, ow) + ")",
                x -> PoolRef.fractionalMaxPool(x, kh, kw, r), (x, dy) -> PoolRef.fractionalMaxPoolBackward(x, kh, kw,
                r, dy));
    }

    /** Random sizes, kernels 1..3, one window to many; training and inference (which samples too). */
    @Test
    void fractionalMaxpoolSweep() {
        Random rnd = new Random(49);
        List<PoolChecks.SweepCase> cases = new ArrayList<>();
        cases.add(fractionalSweepCase("f0", 2, 1, 5, 5, 1, 1, 3, 4));
        cases.add(fractionalSweepCase("f1", 2, 2, 4, 4, 2, 2, 3, 3));   // windows one apart: in = out + k - 1
        while (cases.size() < 9) {
            int kh = 1 + rnd.nextInt(3);
            int kw = 1 + rnd.nextInt(3);
            int oh = 1 + rnd.nextInt(6);
            int ow = 1 + rnd.nextInt(6);
            cases.add(fractionalSweepCase("f" + cases.size(), 2, 1 + rnd.nextInt(3), oh + kh - 1 + rnd.nextInt(8),
                    ow + kw - 1 + rnd.nextInt(8), kh, kw, oh, ow));
        }
        PoolChecks.sweep(2, 50, cases, DISTINCT);
    }

    @Test
    void fractionalWindowsAreSavedAndFollowTheSeedAndThePlane() {
        FractionalCase k = new FractionalCase(4, 3, 12, 10, 2, 2, "output_size: (7, 6)");
        Graph g = KernelHarness.compile(k.source());
        int planes = k.n() * k.c();
        Random rnd = new Random(3);
        double[] x = Tensor.distinct(rnd, k.shape()).data();
        Set<String> seen = new HashSet<>();
        for (boolean training : new boolean[] {true, false}) {
            try (KernelHarness h = new KernelHarness(g, k.n(), Precision.FP32, training)) {
                for (int seed : new int[] {1234, 1235, -7, 0}) {
                    h.executor.set("seed", seed);
                    h.setInput(h.input(0), x);
                    h.forward();
                    int[] saved = h.savedInts("pool", "starts", planes * (7 + 6));
                    PoolRef.Regions r = PoolFractionalSampler.regions(seed, "pool", k.n(), k.c(), k.h(), k.w(), 7,
                            6, 2, 2);
                    Set<String> perPlane = new HashSet<>();
                    for (int n = 0; n < k.n(); n++) {
                        for (int c = 0; c < k.c(); c++) {
                            int p = n * k.c() + c;
                            int[] rows = Arrays.copyOfRange(saved, p * 13, p * 13 + 7);
                            int[] cols = Arrays.copyOfRange(saved, p * 13 + 7, p * 13 + 13);
                            assertArrayEquals(r.rows()[n][c], rows, "row starts, seed " + seed + " plane " + p);
                            assertArrayEquals(r.cols()[n][c], cols, "column starts, seed " + seed + " plane " + p);
                            perPlane.add(Arrays.toString(rows) + Arrays.toString(cols));
                        }
                    }
                    // planes draw their own windows (12 planes, 5 row and 5 column patterns to choose from)
                    assertTrue(perPlane.size() > 3, () -> "planes share windows: " + perPlane);
                    if (training) {
                        seen.add(Arrays.toString(saved));
                    }
                    OpCheck.assertClose("forward, seed " + seed + (training ? " training" : " inference"),
                            PoolRef.fractionalMaxPool(Tensor.of(x, k.shape()), 2, 2, r).data(),
                            h.value(h.output()), 1e-6, k.source());
                }
            }
        }
        assertEquals(4, seen.size(), "each seed draws other windows");
    }

    @Test
    void twoFractionalPoolsOfOneModelDrawIndependently() {
        String src = "model M { input x: [2, 9, 9]  output y = x -> fractional_maxpool(2, output_size: (6, 6)) as a"
                + " -> fractional_maxpool(1, output_size: (4, 4)) as b }";
        Graph g = KernelHarness.compile(src);
        try (KernelHarness h = new KernelHarness(g, 1, Precision.FP32, false)) {
            h.setInput(h.input(0), Tensor.distinct(new Random(4), 1, 2, 9, 9).data());
            h.forward();
            int[] a = h.savedInts("a", "starts", 2 * 12);
            int[] b = h.savedInts("b", "starts", 2 * 8);
            PoolRef.Regions ra = PoolFractionalSampler.regions(1234, "a", 1, 2, 9, 9, 6, 6, 2, 2);
            PoolRef.Regions rb = PoolFractionalSampler.regions(1234, "b", 1, 2, 6, 6, 4, 4, 1, 1);
            assertArrayEquals(ra.rows()[0][1], Arrays.copyOfRange(a, 12, 18));
            assertArrayEquals(rb.cols()[0][1], Arrays.copyOfRange(b, 12, 16));
            // the same seed and plane give different uniforms to different nodes
            assertNotEquals(PoolFractionalSampler.uniform(1234, "a", 0, 0), PoolFractionalSampler.uniform(1234, "b", 0, 0));
        }
    }

    // ---------------------------------------------------------------- ties

    /**
     * With ties the gradient goes to the first maximum of each window in row-major order, as in
     * the reference (and PyTorch on the CPU). Inputs on a coarse grid make ties everywhere;
     * finite differences do not apply, so forward and backward are compared with the reference.
     */
    @Test
    void maxTypeBackwardSendsTiesToTheFirstMaximum() {
        OpCheck.Fill coarse = (name, n, rnd) -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = rnd.nextInt(3) - 1;
            }
            return d;
        };
        List<PoolChecks.SweepCase> cases = new ArrayList<>(List.of(
                maxSweepCase("m0", new Case(2, 2, 7, 6, spec(3, 3, 2, 2, 1, 1, 1, 1, true), false)),
                maxSweepCase("m1", new Case(2, 2, 7, 6, spec(2, 3, 1, 2, 1, 1, 2, 2, false), false)),
                maxSweepCase("m2", new Case(2, 1, 5, 5, spec(3, 3, 1, 1, 1, 1, 1, 1, false), false)),
                new PoolChecks.SweepCase("g", new int[] {2, 7, 6}, "global_maxpool", PoolRef::globalMaxPool,
                        PoolRef::globalMaxPoolBackward),
                new PoolChecks.SweepCase("a", new int[] {2, 7, 6}, adaptiveCall("adaptive_maxpool", 3, 4),
                        x -> PoolRef.adaptiveMaxPool(x, 3, 4), PoolRef::adaptiveMaxPoolBackward),
                fractionalSweepCase("f", 2, 2, 7, 6, 2, 3, 4, 3)));
        PoolChecks.sweep(2, 51, cases, coarse);
    }

    @Test
    void poolingsWithoutAnInputGradientEmitNoBackward() {
        // The input needs no gradient (inputGradients off): backward must not touch it, and must not fail.
        Graph g = KernelHarness.compile("model M { input x: [2, 6, 6]  output y = x -> maxpool(2) -> avgpool(3) }");
        Lowered l = Lowering.lower(g, Lowering.Options.builder().batch(1).training(true).build());
        List<String> kernels = new ArrayList<>();
        // (cnnc_zero: with memory planning, a gradient is zeroed just before backward first uses it)
        l.program().phases().get(Lowered.BACKWARD).stream().filter(launch -> !launch.kernel().equals("cnnc_zero"))
                .forEach(launch -> kernels.add(launch.kernel()));
        assertEquals(1, kernels.size(), "only avgpool's backward: maxpool's input is a model input: " + kernels);
        assertTrue(kernels.get(0).contains("pool_avg"), kernels.toString());
    }
}
