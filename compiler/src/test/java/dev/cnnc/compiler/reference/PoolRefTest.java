package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Backward of every pooling against central differences of its forward. Max-type poolings
 * get inputs whose values are pairwise far apart ({@link Tensor#distinct}), so no window has
 * a tie and a step of 1e-6 never moves an argmax.
 */
class PoolRefTest {

    record PoolCase(int[] shape, PoolRef.Spec spec) {
        @Override
        public String toString() {
            return Arrays.toString(shape) + " " + spec;
        }
    }

    static List<PoolCase> maxCases() {
        List<PoolCase> cases = new ArrayList<>(List.of(
                new PoolCase(new int[] {2, 3, 7, 6}, new PoolRef.Spec(3, 3, 2, 2, 1, 1, 1, 1, false)),  // ResNet stem
                new PoolCase(new int[] {1, 2, 7, 7}, new PoolRef.Spec(2, 2, 3, 3, 0, 0, 1, 1, false)),  // stride > kernel
                new PoolCase(new int[] {2, 2, 8, 7}, new PoolRef.Spec(3, 3, 2, 2, 1, 1, 2, 2, true)),   // dilation, ceil
                new PoolCase(new int[] {1, 3, 5, 6}, new PoolRef.Spec(3, 2, 2, 1, 1, 0, 1, 1, true)),   // non-square
                new PoolCase(new int[] {1, 2, 5, 5}, new PoolRef.Spec(2, 2, 2, 2, 0, 0, 1, 1, true)))); // partial window
        Random rnd = new Random(21);
        while (cases.size() < 15) {
            PoolRef.Spec s = randomSpec(rnd, true);
            int h = Math.max(1, 1 + (s.kernelH() - 1) * s.dilationH() - 2 * s.padH()) + rnd.nextInt(5);
            int w = Math.max(1, 1 + (s.kernelW() - 1) * s.dilationW() - 2 * s.padW()) + rnd.nextInt(5);
            cases.add(new PoolCase(new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), h, w}, s));
        }
        return cases;
    }

    static List<PoolCase> avgCases() {
        List<PoolCase> cases = new ArrayList<>(List.of(
                new PoolCase(new int[] {2, 3, 7, 6}, new PoolRef.Spec(3, 3, 2, 2, 1, 1, 1, 1, false)),
                // ceil: the last window runs past the input (no padding)
                new PoolCase(new int[] {1, 2, 5, 5}, new PoolRef.Spec(2, 2, 2, 2, 0, 0, 1, 1, true)),
                // ceil with padding: the last window covers a row of padding and a row past it
                new PoolCase(new int[] {2, 2, 6, 5}, new PoolRef.Spec(3, 3, 2, 2, 1, 1, 1, 1, true)),
                new PoolCase(new int[] {1, 3, 7, 4}, new PoolRef.Spec(3, 2, 3, 1, 1, 1, 1, 1, true)),
                // stride > kernel with padding
                new PoolCase(new int[] {2, 2, 7, 7}, new PoolRef.Spec(2, 2, 3, 3, 1, 1, 1, 1, false))));
        Random rnd = new Random(22);
        while (cases.size() < 13) {
            PoolRef.Spec s = randomSpec(rnd, false);
            int h = Math.max(1, s.kernelH() - 2 * s.padH()) + rnd.nextInt(5);
            int w = Math.max(1, s.kernelW() - 2 * s.padW()) + rnd.nextInt(5);
            cases.add(new PoolCase(new int[] {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), h, w}, s));
        }
        return cases;
    }

    private static PoolRef.Spec randomSpec(Random rnd, boolean dilation) {
        int kh = 1 + rnd.nextInt(3);
        int kw = 1 + rnd.nextInt(3);
        return new PoolRef.Spec(kh, kw, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), rnd.nextInt(kh / 2 + 1),
                rnd.nextInt(kw / 2 + 1), dilation ? 1 + rnd.nextInt(2) : 1, dilation ? 1 + rnd.nextInt(2) : 1,
                rnd.nextBoolean());
    }

    @Test
    void maxPoolBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(5);
        for (PoolCase k : maxCases()) {
            Tensor x = Tensor.distinct(rnd, k.shape());
            Tensor y = PoolRef.maxPool(x, k.spec());
            Tensor dy = Tensor.random(rnd, y.shape());
            GradAssert.check("maxpool " + k, PoolRef.maxPoolBackward(x, k.spec(), dy),
                    () -> PoolRef.maxPool(x, k.spec()), dy, x);
        }
    }

    @Test
    void avgPoolBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(6);
        for (PoolCase k : avgCases()) {
            for (boolean include : new boolean[] {true, false}) {
                Tensor x = Tensor.random(rnd, k.shape());
                Tensor y = PoolRef.avgPool(x, k.spec(), include);
                Tensor dy = Tensor.random(rnd, y.shape());
                GradAssert.check("avgpool " + k + " count_include_pad " + include,
                        PoolRef.avgPoolBackward(x, k.spec(), include, dy),
                        () -> PoolRef.avgPool(x, k.spec(), include), dy, x);
            }
        }
    }

    @Test
    void avgPoolDivisorsFollowPyTorch() {
        // 1x1x6x5, k3 s2 p1 ceil: 4 rows of windows; the last starts at row 5 and covers rows 5, 6 (padding)
        Tensor x = new Tensor(1, 1, 6, 5);
        Arrays.fill(x.data(), 1.0);
        PoolRef.Spec s = new PoolRef.Spec(3, 3, 2, 2, 1, 1, 1, 1, true);
        Tensor in = PoolRef.avgPool(x, s, true);
        Tensor ex = PoolRef.avgPool(x, s, false);
        assertArrayEquals(new int[] {1, 1, 4, 3}, in.shape());
        // excluding padding, every window of ones averages to 1
        for (double v : ex.data()) {
            assertEquals(1.0, v, 0);
        }
        // including it: corner (0,0) holds 2x2 inputs of a 3x3 window; cell (3,2) rows 5..6, cols 3..5 -> 1x2 of 2x3
        assertEquals(4.0 / 9, in.get(0, 0, 0, 0), 1e-15);
        assertEquals(2.0 / 6, in.get(0, 0, 3, 2), 1e-15);
    }

    @Test
    void globalAndAdaptivePoolsBackwardMatchFiniteDifferences() {
        Random rnd = new Random(7);
        int[][] shapes = {{2, 3, 5, 4}, {1, 2, 7, 7}, {2, 1, 1, 3}};
        for (int[] sh : shapes) {
            Tensor x = Tensor.distinct(rnd, sh);
            Tensor dy = Tensor.random(rnd, sh[0], sh[1], 1, 1);
            GradAssert.check("global_avgpool " + Arrays.toString(sh), PoolRef.globalAvgPoolBackward(x, dy),
                    () -> PoolRef.globalAvgPool(x), dy, x);
            GradAssert.check("global_maxpool " + Arrays.toString(sh), PoolRef.globalMaxPoolBackward(x, dy),
                    () -> PoolRef.globalMaxPool(x), dy, x);
        }
        // {n, c, h, w, out_h, out_w}: non-dividing, overlapping, upsampling, to 1x1
        int[][] adaptive = {{2, 2, 7, 5, 3, 2}, {1, 3, 5, 4, 4, 3}, {2, 2, 3, 2, 5, 4}, {1, 2, 6, 6, 1, 1},
            {1, 1, 8, 8, 4, 4}};
        for (int[] a : adaptive) {
            Tensor x = Tensor.distinct(rnd, a[0], a[1], a[2], a[3]);
            Tensor dy = Tensor.random(rnd, a[0], a[1], a[4], a[5]);
            GradAssert.check("adaptive_avgpool " + Arrays.toString(a), PoolRef.adaptiveAvgPoolBackward(x, dy),
                    () -> PoolRef.adaptiveAvgPool(x, a[4], a[5]), dy, x);
            GradAssert.check("adaptive_maxpool " + Arrays.toString(a), PoolRef.adaptiveMaxPoolBackward(x, dy),
                    () -> PoolRef.adaptiveMaxPool(x, a[4], a[5]), dy, x);
        }
    }

    @Test
    void adaptiveRegionsOverlapWhenTheSizeDoesNotDivide() {
        // 7 -> 3: [0, 3), [2, 5), [4, 7)
        int[] starts = new int[3];
        int[] ends = new int[3];
        for (int i = 0; i < 3; i++) {
            starts[i] = PoolRef.adaptiveStart(i, 7, 3);
            ends[i] = PoolRef.adaptiveEnd(i, 7, 3);
        }
        assertArrayEquals(new int[] {0, 2, 4}, starts);
        assertArrayEquals(new int[] {3, 5, 7}, ends);
    }

    @Test
    void fractionalMaxPoolBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(8);
        // {n, c, h, w, kernel_h, kernel_w, out_h, out_w}
        int[][] cases = {{2, 2, 9, 8, 2, 2, 6, 5}, {1, 3, 7, 10, 3, 2, 4, 7}, {2, 1, 5, 5, 1, 1, 3, 4},
            {1, 2, 6, 6, 2, 3, 1, 4}};
        for (int[] k : cases) {
            Tensor x = Tensor.distinct(rnd, k[0], k[1], k[2], k[3]);
            Tensor samples = Tensor.uniform(rnd, 0, 1, k[0], k[1], 2);
            PoolRef.Regions r = PoolRef.Regions.fromSamples(samples, k[2], k[3], k[6], k[7], k[4], k[5]);
            Tensor y = PoolRef.fractionalMaxPool(x, k[4], k[5], r);
            assertArrayEquals(new int[] {k[0], k[1], k[6], k[7]}, y.shape());
            Tensor dy = Tensor.random(rnd, y.shape());
            GradAssert.check("fractional_maxpool " + Arrays.toString(k),
                    PoolRef.fractionalMaxPoolBackward(x, k[4], k[5], r, dy),
                    () -> PoolRef.fractionalMaxPool(x, k[4], k[5], r), dy, x);
        }
    }

    @Test
    void fractionalStartsRunFromZeroToTheEdgeInStepsOfFloorOrCeilOfTheRatio() {
        Random rnd = new Random(9);
        for (int t = 0; t < 200; t++) {
            int k = 1 + rnd.nextInt(3);
            int out = 1 + rnd.nextInt(8);
            int in = out + k - 1 + rnd.nextInt(10);
            double u = rnd.nextDouble();
            int[] s = PoolRef.fractionalStarts(u, in, out, k);
            String what = "u=" + u + " in=" + in + " out=" + out + " k=" + k + " " + Arrays.toString(s);
            if (out > 1) {
                assertEquals(0, s[0], what);
            }
            assertEquals(in - k, s[out - 1], what);  // a single window sits at the end (PyTorch)
            double alpha = out > 1 ? (double) (in - k) / (out - 1) : 0;
            for (int i = 1; i < out; i++) {
                int step = s[i] - s[i - 1];
                assertTrue(step >= Math.floor(alpha) && step <= Math.ceil(alpha), what);
            }
        }
    }

    @Test
    void fractionalMaxPoolTakesExplicitOffsets() {
        // one 4x4 map 0..15, kernel 2, rows start at {0, 2}, columns at {1, 2}: maxima are bottom-right corners
        Tensor x = new Tensor(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) {
            x.setAt(i, i);
        }
        PoolRef.Regions r = new PoolRef.Regions(new int[][][] {{{0, 2}}}, new int[][][] {{{1, 2}}});
        Tensor y = PoolRef.fractionalMaxPool(x, 2, 2, r);
        assertArrayEquals(new double[] {6, 7, 14, 15}, y.data());
    }
}
