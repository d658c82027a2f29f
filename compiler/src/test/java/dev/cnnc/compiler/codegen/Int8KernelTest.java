package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.compiler.codegen.kernels.Int8Kernels;
import dev.cnnc.compiler.codegen.kernels.Int8Kernels.Output;
import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClProgram;
import dev.cnnc.train.quant.Int8;
import dev.cnnc.train.quant.Int8Reference;
import dev.cnnc.train.quant.Int8Reference.Conv2d;
import dev.cnnc.train.quant.Requantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 kernels of {@link Int8Kernels} against the Java integer reference of
 * {@code dev.cnnc.train.quant}, bit for bit: the int8 outputs, the int32 accumulators and the
 * float outputs of convolutions (hand-picked and seeded random geometries: strides 1 to 3,
 * asymmetric padding, dilation, groups and depthwise, odd widths that leave partial vectors,
 * 1×1 to 5×5, filters not a multiple of the tile, ReLU on and off) and dense layers, extreme
 * requantizers, and the float ↔ int8 conversions.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class Int8KernelTest {

    /** A case: the geometry, the ReLU flag, and the tiling. */
    record Case(Conv2d g, boolean relu, Int8Kernels.Tiling tiling, Int8Kernels.Isa isa) {
        Case(Conv2d g, boolean relu, Int8Kernels.Tiling tiling) {
            this(g, relu, tiling, Int8Kernels.Isa.AVX512BW);
        }

        @Override
        public String toString() {
            return g + (relu ? " relu " : " ") + tiling + " " + isa;
        }
    }

    static Conv2d conv(int n, int c, int h, int w, int f, int kh, int kw, int sh, int sw, int pt, int pb, int pl,
            int pr, int dh, int dw, int groups) {
        return new Conv2d(n, c, h, w, f, kh, kw, sh, sw, pt, pb, pl, pr, dh, dw, groups);
    }

    static Stream<Case> convCases() {
        Int8Kernels.Tiling d = Int8Kernels.Tiling.DEFAULT;
        List<Case> cases = new ArrayList<>(List.of(
                // ResNet-20-like: 3x3 pad 1, stride 1 and 2, widths 32, 16, 8 (pieces 16, 16, 8 wide)
                new Case(Conv2d.of(2, 16, 32, 32, 16, 3, 1, 1, 1, 1), true, d),
                new Case(Conv2d.of(2, 16, 32, 32, 32, 3, 2, 1, 1, 1), true, d),
                new Case(Conv2d.of(2, 32, 16, 16, 32, 3, 1, 1, 1, 1), false, d),
                new Case(Conv2d.of(2, 64, 8, 8, 64, 3, 1, 1, 1, 1), true, d),
                new Case(Conv2d.of(2, 16, 32, 32, 32, 1, 2, 0, 1, 1), false, d), // 1x1 stride-2 shortcut
                new Case(Conv2d.of(3, 3, 32, 32, 16, 3, 1, 1, 1, 1), true, d), // stem: 3 channels (odd)
                // odd widths: partial last pieces (13 = 16-wide piece with 13 lanes, 7 → 8 lanes, 3 → 4)
                new Case(Conv2d.of(2, 5, 13, 13, 7, 3, 1, 1, 1, 1), false, d),
                new Case(Conv2d.of(1, 4, 7, 7, 5, 3, 1, 1, 1, 1), true, d),
                new Case(Conv2d.of(2, 3, 5, 5, 3, 3, 1, 0, 1, 1), false, d),
                new Case(Conv2d.of(1, 6, 21, 37, 9, 3, 1, 1, 1, 1), false, d), // 37 = 16 + 16 + 5
                // 5x5, stride 2 with odd input, dilation 2, stride 3
                new Case(Conv2d.of(2, 6, 15, 15, 10, 5, 1, 2, 1, 1), true, d),
                new Case(Conv2d.of(2, 4, 17, 17, 6, 5, 2, 2, 1, 1), false, d),
                new Case(Conv2d.of(2, 4, 12, 12, 6, 3, 1, 2, 2, 1), true, d),
                new Case(Conv2d.of(2, 4, 19, 19, 6, 3, 2, 2, 2, 1), false, d),
                new Case(Conv2d.of(1, 3, 20, 20, 4, 3, 3, 1, 1, 1), false, d),
                // non-square kernel, stride, dilation, asymmetric padding
                new Case(conv(2, 3, 9, 11, 5, 3, 2, 2, 1, 0, 1, 1, 0, 1, 2, 1), false, d),
                new Case(conv(1, 2, 8, 6, 3, 2, 4, 1, 2, 1, 2, 0, 3, 2, 1, 1), true, d),
                // groups, depthwise, depthwise with a multiplier
                new Case(Conv2d.of(2, 8, 10, 10, 12, 3, 1, 1, 1, 4), true, d),
                new Case(Conv2d.of(2, 16, 16, 16, 16, 3, 1, 1, 1, 16), false, d),
                new Case(Conv2d.of(2, 16, 16, 16, 16, 3, 2, 1, 1, 16), true, d),
                new Case(Conv2d.of(1, 6, 9, 9, 12, 5, 1, 2, 2, 6), false, d),
                new Case(Conv2d.of(2, 6, 11, 11, 18, 3, 2, 1, 1, 3), false, d),
                // other tilings: one filter per work-item, more vectors, filters not a multiple of the tile
                new Case(Conv2d.of(2, 8, 16, 16, 10, 3, 1, 1, 1, 1), false, new Int8Kernels.Tiling(1, 1)),
                new Case(Conv2d.of(2, 8, 16, 16, 10, 3, 1, 1, 1, 1), true, new Int8Kernels.Tiling(4, 3)),
                new Case(Conv2d.of(2, 9, 8, 8, 21, 3, 1, 1, 1, 1), false, new Int8Kernels.Tiling(8, 4))));
        // the portable inner loop (the AVX-512BW one left out), on some of the above; and every case
        // with VNNI where this machine has it
        int handPicked = cases.size();
        for (int i : new int[] {0, 3, 6, 8, 13, 16, 19}) {
            Case c = cases.get(i);
            cases.add(new Case(c.g(), c.relu(), c.tiling(), Int8Kernels.Isa.PORTABLE));
        }
        if (Int8Kernels.Isa.forHost() == Int8Kernels.Isa.AVX512_VNNI) {
            for (int i = 0; i < handPicked; i++) {
                Case c = cases.get(i);
                cases.add(new Case(c.g(), c.relu(), c.tiling(), Int8Kernels.Isa.AVX512_VNNI));
            }
        }
        Int8Kernels.Isa[] isas = Int8Kernels.Isa.forHost() == Int8Kernels.Isa.AVX512_VNNI ? Int8Kernels.Isa.values()
                : new Int8Kernels.Isa[] {Int8Kernels.Isa.AVX512BW, Int8Kernels.Isa.PORTABLE};
        Random r = new Random(19);
        for (int i = 0; i < 12; i++) {
            int groups = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1;
            int c = groups * (1 + r.nextInt(6));
            int f = groups * (1 + r.nextInt(7));
            int k = 1 + r.nextInt(5);
            int kw = r.nextBoolean() ? k : 1 + r.nextInt(5);
            int s = 1 + r.nextInt(2);
            int dil = 1 + r.nextInt(2);
            int h = (k - 1) * dil + 1 + r.nextInt(14);
            int w = (kw - 1) * dil + 1 + r.nextInt(20);
            cases.add(new Case(conv(1 + r.nextInt(3), c, h, w, f, k, kw, s, 1 + r.nextInt(2), r.nextInt(3),
                    r.nextInt(3), r.nextInt(3), r.nextInt(3), dil, 1 + r.nextInt(2), groups), r.nextBoolean(),
                    new Int8Kernels.Tiling(1 + r.nextInt(8), 1 + r.nextInt(3)), isas[i % isas.length]));
        }
        return cases.stream();
    }

    static byte[] int8s(Random r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (r.nextInt(255) - 127);
        }
        return b;
    }

    /** Per-channel requantizers around typical multipliers (s_x·s_w/s_y of 1e-4 to 1e-1), some zero. */
    static Requantizer[] requantizers(Random r, int n) {
        Requantizer[] q = new Requantizer[n];
        for (int i = 0; i < n; i++) {
            q[i] = i % 11 == 10 ? Requantizer.of(0) : Requantizer.of(Math.pow(10, -4 + 3 * r.nextDouble()));
        }
        return q;
    }

    static float[] scales(Random r, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (1e-3 + r.nextDouble() * 0.05);
        }
        return s;
    }

    static ClBuffer upload(ClDevice d, byte[] b) {
        return d.allocate(Math.max(1, b.length)).write(b);
    }

    static ClBuffer upload(ClDevice d, int[] v) {
        return d.allocate(4L * Math.max(1, v.length)).write(v);
    }

    static ClBuffer upload(ClDevice d, float[] v) {
        return d.allocate(4L * Math.max(1, v.length)).write(v);
    }

    static int[] multipliers(Requantizer[] q) {
        return Stream.of(q).mapToInt(Requantizer::multiplier).toArray();
    }

    static int[] shifts(Requantizer[] q) {
        return Stream.of(q).mapToInt(Requantizer::shift).toArray();
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void convolutionMatchesTheReferenceBitForBit(Case c) {
        Conv2d g = c.g();
        Random r = new Random(g.hashCode());
        byte[] x = int8s(r, g.inputSize());
        byte[] w = int8s(r, g.filters() * g.reduction());
        int[] bias = new int[g.filters()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextInt(40001) - 20000;
        }
        Requantizer[] rq = requantizers(r, g.filters());
        float sx = 0.02f;
        float[] ws = scales(r, g.filters());
        int spatial = g.outHeight() * g.outWidth();
        int[] acc = Int8Reference.conv2dAccumulators(g, x, w, bias);
        byte[] q = Int8Reference.requantize(acc, g.filters(), spatial, rq, c.relu());
        float[] real = Int8Reference.dequantize(acc, g.filters(), spatial, sx, ws);

        ClDevice d = KernelHarness.device();
        Int8Kernels.Conv k8 = Int8Kernels.conv(g, Output.INT8, c.relu(), c.tiling(), c.isa());
        Int8Kernels.Conv k32 = Int8Kernels.conv(g, Output.INT32, false, c.tiling(), c.isa());
        Int8Kernels.Conv kf = Int8Kernels.conv(g, Output.FLOAT, false, c.tiling(), c.isa());
        try (ClProgram p = d.build("int8_conv_test.cl", k8.source() + "\n" + k32.source() + "\n" + kf.source(), "");
                ClBuffer bx = upload(d, x); ClBuffer bw = upload(d, w); ClBuffer bb = upload(d, bias);
                ClBuffer bm = upload(d, multipliers(rq)); ClBuffer bs = upload(d, shifts(rq));
                ClBuffer bws = upload(d, ws); ClBuffer xp = d.allocate(k8.paddedBytes());
                ClBuffer wp = d.allocate(k8.packedWeightBytes());
                ClBuffer y8 = d.allocate(k8.outputBytes()); ClBuffer y32 = d.allocate(k32.outputBytes());
                ClBuffer yf = d.allocate(kf.outputBytes())) {
            k8.pack(p, bw, wp);
            k8.launch(p, bx, xp, wp, bb, bm, bs, sx, bws, y8);
            k32.launch(p, bx, xp, wp, bb, null, null, 0f, null, y32);
            kf.launch(p, bx, xp, wp, bb, null, null, sx, bws, yf);
            byte[] got8 = new byte[q.length];
            y8.read(got8);
            int[] got32 = new int[acc.length];
            y32.read(got32);
            float[] gotf = new float[real.length];
            yf.read(gotf);
            assertArrayEquals(acc, got32, "accumulators of " + k32);
            assertArrayEquals(q, got8, "int8 outputs of " + k8);
            assertArrayEquals(real, gotf, 0f, "float outputs of " + kf);
        }
    }

    static Stream<int[]> denseCases() {
        // batch, in, out, relu
        return Stream.of(new int[] {1, 1, 1, 0}, new int[] {3, 7, 5, 1}, new int[] {32, 64, 10, 0},
                new int[] {5, 16, 9, 1}, new int[] {7, 33, 6, 0}, new int[] {4, 48, 4, 1},
                new int[] {9, 100, 13, 0}, new int[] {32, 576, 64, 1}, new int[] {2, 1000, 3, 0});
    }

    @ParameterizedTest
    @MethodSource("denseCases")
    void denseMatchesTheReferenceBitForBit(int[] c) {
        int batch = c[0], in = c[1], out = c[2];
        boolean relu = c[3] == 1;
        Random r = new Random(31L * in + out);
        byte[] x = int8s(r, batch * in);
        byte[] w = int8s(r, out * in);
        int[] bias = new int[out];
        for (int i = 0; i < out; i++) {
            bias[i] = r.nextInt(40001) - 20000;
        }
        Requantizer[] rq = requantizers(r, out);
        float sx = 0.013f;
        float[] ws = scales(r, out);
        int[] acc = Int8Reference.denseAccumulators(batch, in, out, x, w, bias);
        byte[] q = Int8Reference.requantize(acc, out, 1, rq, relu);
        float[] real = Int8Reference.dequantize(acc, out, 1, sx, ws);
        ClDevice d = KernelHarness.device();
        Int8Kernels.Dense k8 = Int8Kernels.dense(batch, in, out, Output.INT8, relu);
        Int8Kernels.Dense k32 = Int8Kernels.dense(batch, in, out, Output.INT32, false);
        Int8Kernels.Dense kf = Int8Kernels.dense(batch, in, out, Output.FLOAT, false);
        try (ClProgram p = d.build("int8_dense_test.cl", k8.source() + "\n" + k32.source() + "\n" + kf.source(), "");
                ClBuffer bx = upload(d, x); ClBuffer bw = upload(d, w); ClBuffer bb = upload(d, bias);
                ClBuffer bm = upload(d, multipliers(rq)); ClBuffer bs = upload(d, shifts(rq));
                ClBuffer bws = upload(d, ws); ClBuffer y8 = d.allocate(k8.outputBytes());
                ClBuffer y32 = d.allocate(k32.outputBytes()); ClBuffer yf = d.allocate(kf.outputBytes())) {
            k8.launch(p, bx, bw, bb, bm, bs, sx, bws, y8);
            k32.launch(p, bx, bw, bb, null, null, 0f, null, y32);
            kf.launch(p, bx, bw, bb, null, null, sx, bws, yf);
            byte[] got8 = new byte[q.length];
            y8.read(got8);
            int[] got32 = new int[acc.length];
            y32.read(got32);
            float[] gotf = new float[real.length];
            yf.read(gotf);
            assertArrayEquals(acc, got32, "accumulators");
            assertArrayEquals(q, got8, "int8 outputs");
            assertArrayEquals(real, gotf, 0f, "float outputs");
        }
    }

    /**
     * Requantizers at their limits: m = 0 (n = 31), the largest shift 62, the smallest 1, the
     * largest multiplier, with accumulators at the int32 limits and on rounding ties.
     */
    @Test
    void extremeRequantizersMatchTheReference() {
        List<Requantizer> rq = new ArrayList<>(List.of(new Requantizer(0, 31), new Requantizer(1 << 30, 62),
                new Requantizer(Integer.MAX_VALUE, 62), new Requantizer(1 << 30, 1), new Requantizer(Integer.MAX_VALUE, 1),
                new Requantizer(1 << 30, 31), new Requantizer(1 << 30, 32), new Requantizer(Integer.MAX_VALUE, 31),
                new Requantizer(1 << 30, 38), new Requantizer(1 << 30, 39), new Requantizer(1 << 30, 40),
                Requantizer.of(0x1p-32), Requantizer.of(0x1p30 - 1), Requantizer.of(1.0 / 3)));
        // accumulators: the int32 limits, small values, and ties of the 2^-7, 2^-8, 2^-9 multipliers
        int[] accs = {Integer.MIN_VALUE + 1, Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 2, 3, -2, -3, 63, 64, 65,
                -63, -64, -65, 127, 128, 129, -127, -128, -129, 191, 192, 193, -191, -192, -193, 255, 256, 257,
                -255, -256, -257, 32639, 32640, 32641, -32640, -32641, 1 << 20, -(1 << 20), 1 << 24, -(1 << 24)};
        // a dense layer with in = 1 and x = 1, w = 1: acc = bias exactly, one output per (requantizer, acc)
        int out = rq.size() * accs.length;
        int[] bias = new int[out];
        int[] mult = new int[out];
        int[] shift = new int[out];
        for (int i = 0; i < rq.size(); i++) {
            for (int j = 0; j < accs.length; j++) {
                bias[i * accs.length + j] = accs[j];
                mult[i * accs.length + j] = rq.get(i).multiplier();
                shift[i * accs.length + j] = rq.get(i).shift();
            }
        }
        ClDevice d = KernelHarness.device();
        for (boolean relu : new boolean[] {false, true}) {
            Int8Kernels.Dense k = Int8Kernels.dense(1, 1, out, Output.INT8, relu);
            try (ClProgram p = d.build("int8_requant_test.cl", k.source(), "");
                    ClBuffer bx = upload(d, new byte[] {1}); ClBuffer bw = upload(d, filled(out));
                    ClBuffer bb = upload(d, new int[out]); ClBuffer bm = upload(d, mult); ClBuffer bs = upload(d, shift);
                    ClBuffer y = d.allocate(out)) {
                // acc = bias + 1·1: subtract the product from the bias (MIN_VALUE needs w = 0)
                int[] b = new int[out];
                byte[] wv = filled(out);
                for (int i = 0; i < out; i++) {
                    if (bias[i] == Integer.MIN_VALUE) {
                        wv[i] = 0;
                        b[i] = bias[i];
                    } else {
                        b[i] = bias[i] - 1;
                    }
                }
                bw.write(wv);
                bb.write(b);
                k.launch(p, bx, bw, bb, bm, bs, 0f, null, y);
                byte[] got = new byte[out];
                y.read(got);
                for (int i = 0; i < rq.size(); i++) {
                    for (int j = 0; j < accs.length; j++) {
                        int expected = rq.get(i).apply(accs[j], relu);
                        assertEquals(expected, got[i * accs.length + j],
                                rq.get(i) + " of " + accs[j] + (relu ? " with relu" : ""));
                    }
                }
            }
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 1);
        return b;
    }

    /** float → int8 and back, and accumulators → float, against Int8 and Int8Reference. */
    @Test
    void conversionsMatchTheReference() {
        Random r = new Random(7);
        float[] scalesToTry = {0.02f, 1f / 127, 0.1f, 3e-5f, Float.MIN_NORMAL, 1f, 0.0375f};
        ClDevice d = KernelHarness.device();
        Int8Kernels.Conversions k = Int8Kernels.conversions();
        try (ClProgram p = d.build("int8_conversions_test.cl", k.source(), "")) {
            for (float s : scalesToTry) {
                int n = 4099;
                float[] x = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = switch (i % 5) {
                        case 0 -> (float) (r.nextGaussian() * 60 * s);
                        case 1 -> (r.nextInt(301) - 150 + 0.5f) * s; // ties (where the product is exact)
                        case 2 -> Math.nextUp((r.nextInt(301) - 150 + 0.5f) * s);
                        case 3 -> Math.nextDown((r.nextInt(301) - 150 + 0.5f) * s);
                        default -> (float) (r.nextGaussian() * 1e4);
                    };
                }
                x[0] = Float.NaN;
                x[1] = Float.POSITIVE_INFINITY;
                x[2] = Float.NEGATIVE_INFINITY;
                x[3] = -0f;
                x[4] = 127.5f * s;
                x[5] = -127.5f * s;
                x[6] = 126.5f * s;
                x[7] = Float.MAX_VALUE;
                byte[] q = Int8.quantize(x, s);
                float[] back = Int8.dequantize(q, s);
                try (ClBuffer bx = upload(d, x); ClBuffer bq = d.allocate(n); ClBuffer bback = d.allocate(4L * n)) {
                    k.quantize(p, bx, bq, s, n);
                    byte[] got = new byte[n];
                    bq.read(got);
                    assertArrayEquals(q, got, "quantize at " + s);
                    k.dequantize(p, bq, bback, s, n);
                    float[] gotBack = new float[n];
                    bback.read(gotBack);
                    assertArrayEquals(back, gotBack, 0f, "dequantize at " + s);
                }
            }
            int channels = 7;
            int spatial = 13;
            int n = 3 * channels * spatial;
            int[] acc = new int[n];
            for (int i = 0; i < n; i++) {
                acc[i] = i % 9 == 0 ? (i % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE) : r.nextInt();
            }
            float[] ws = scales(r, channels);
            float sx = 0.0173f;
            float[] expected = Int8Reference.dequantize(acc, channels, spatial, sx, ws);
            try (ClBuffer ba = upload(d, acc); ClBuffer bws = upload(d, ws); ClBuffer y = d.allocate(4L * n)) {
                k.dequantizeAccumulators(p, ba, y, sx, bws, channels, spatial, n);
                float[] got = new float[n];
                y.read(got);
                assertArrayEquals(expected, got, 0f, "accumulators to float");
            }
        }
    }
}
