package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibratorTest {
    private static Calibrator fed(float[]... batches) {
        Calibrator c = new Calibrator();
        for (float[] b : batches) {
            c.observe(b);
        }
        for (float[] b : batches) {
            c.collect(b);
        }
        return c;
    }

    private static float[][] split(float[] all, int parts) {
        float[][] out = new float[parts][];
        int per = (all.length + parts - 1) / parts;
        for (int p = 0; p < parts; p++) {
            out[p] = Arrays.copyOfRange(all, Math.min(all.length, p * per), Math.min(all.length, (p + 1) * per));
        }
        return out;
    }

    private static float[] gaussianWithOutliers(long seed) {
        Random r = new Random(seed);
        float[] v = new float[100_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < 5; i++) {
            v[r.nextInt(v.length)] = (i % 2 == 0 ? 1 : -1) * 40f;
        }
        return v;
    }

    @Test
    void minmaxIsTheLargestMagnitudeOverAllBatches() {
        Calibrator c = new Calibrator();
        c.observe(new float[] {0.5f, -1.25f});
        c.observe(new float[] {3f, -7.25f, 7f});
        c.observe(new float[0]);
        assertEquals(7.25, c.minmax(), 0.0);
        assertEquals(5, c.count());
        assertEquals(7.25, Calibrator.amax(Calibrator.Method.MINMAX, 0, new float[] {-7.25f, 1f}), 0.0);
    }

    @Test
    void percentileOfUniformIntegersIsWithinOneBin() {
        // |x| takes each of 0 .. 9999 once, signs alternating, shuffled
        float[] v = new float[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 2 == 0 ? i : -i;
        }
        Random r = new Random(5);
        for (int i = v.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        Calibrator c = fed(split(v, 7));
        double w = c.binWidth();
        assertEquals(9999.0 / 2048, w, 1e-12);
        // the p-th percentile of 0 .. 9999 is p/100 · 10000 (as a count), i.e. the value ~ p · 100
        assertEquals(9900, c.percentile(99), w);
        assertEquals(5000, c.percentile(50), w);
        assertEquals(9999, c.percentile(99.99), w);
        assertTrue(c.percentile(100) <= 9999);
        assertEquals(Arrays.stream(c.histogram()).sum(), 10_000);
    }

    @Test
    void entropyClipsAFewHugeOutliersFarBelowTheMax() {
        float[] v = gaussianWithOutliers(6);
        Calibrator c = fed(split(v, 10));
        assertEquals(40, c.max(), 0.0);
        double t = c.entropy();
        double w = c.binWidth();
        // far below max, but keeping the bulk of N(0, 1): at least 2.5 σ
        assertTrue(t < c.max() / 4, "threshold " + t);
        assertTrue(t > 2.5, "threshold " + t);
        // and on the bin grid of the definition: (i + 0.5) · w with i ≥ 128
        double i = t / w - 0.5;
        assertEquals(Math.rint(i), i, 1e-6);
        assertTrue(i >= 128);
        // minmax would keep the outliers; percentile 99.99 sits between
        assertTrue(c.percentile(99.99) < c.max());
    }

    @Test
    void entropyOnUniformDataIsNearTheMax() {
        Random r = new Random(7);
        float[] v = new float[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        Calibrator c = fed(split(v, 4));
        double t = c.entropy();
        assertTrue(t >= 0.95 * c.max() && t <= c.max() * (1 + 1.0 / 2048), "threshold " + t + ", max " + c.max());
    }

    @Test
    void entropyKeepsExactlyTheOccupiedBinsWhenTheyFitIn128Levels() {
        // mass only in the first 128 bins: at i = 128 each level is one bin, Q = P, KL = 0
        long[] h = new long[Calibrator.BINS];
        Random r = new Random(8);
        for (int j = 0; j < 128; j++) {
            h[j] = 1 + r.nextInt(1000);
        }
        assertEquals(128, Calibrator.bestEntropyBins(h));
    }

    @Test
    void resultsDependOnlyOnTheValuesNotOnOrderOrBatching() {
        float[] v = gaussianWithOutliers(9);
        Calibrator a = fed(split(v, 1));
        float[] reversed = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            reversed[i] = v[v.length - 1 - i];
        }
        Calibrator b = fed(split(reversed, 13));
        assertEquals(a.entropy(), b.entropy(), 0.0);
        assertEquals(a.percentile(99.9), b.percentile(99.9), 0.0);
        assertEquals(a.minmax(), b.minmax(), 0.0);
        assertEquals(a.entropy(), Calibrator.amax(Calibrator.Method.ENTROPY, 0, v), 0.0);
    }

    @Test
    void allZeroActivationsGiveAZeroThreshold() {
        Calibrator c = fed(new float[16]);
        assertEquals(0, c.minmax(), 0.0);
        assertEquals(0, c.percentile(99.99), 0.0);
        assertEquals(0, c.entropy(), 0.0);
        assertEquals(1f, Int8.scale(c.entropy()));
    }

    @Test
    void misuseIsRefusedWithAnExplanation() {
        Calibrator c = new Calibrator();
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> c.collect(new float[1]));
        assertTrue(none.getMessage().contains("observe"), none.getMessage());
        c.observe(new float[] {1});
        IllegalStateException first = assertThrows(IllegalStateException.class, c::entropy);
        assertTrue(first.getMessage().contains("collect"), first.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> c.observe(new float[] {0, Float.NaN}));
        assertTrue(nan.getMessage().contains("activation 1"), nan.getMessage());
        c.collect(new float[] {1});
        assertThrows(IllegalStateException.class, () -> c.observe(new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> c.percentile(0));
        assertThrows(IllegalArgumentException.class, () -> c.percentile(100.5));
        assertEquals(Calibrator.Method.ENTROPY, Calibrator.Method.parse("entropy"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> Calibrator.Method.parse("kl"));
        assertTrue(bad.getMessage().contains("minmax, percentile or entropy"), bad.getMessage());
    }
}
