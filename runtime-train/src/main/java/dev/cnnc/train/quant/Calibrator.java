package dev.cnnc.train.quant;

import java.util.Arrays;
import java.util.Locale;

/**
 * Finds the clip threshold amax of one activation tensor from calibration data, by one of three
 * {@link Method}s; the tensor's scale is then {@link Int8#scale Int8.scale(amax)} = amax / 127.
 * Values of |x| above amax saturate to ±127, so a lower amax trades clipping the rare large values
 * for finer steps on the common small ones.
 *
 * <h2>Two passes</h2>
 * The histogram methods bin |x| over [0, max |x|], and max is not known until every batch has been
 * seen. Rather than growing a histogram while it fills (PyTorch's {@code HistogramObserver} merges
 * and re-spreads bins, which smears counts across bin edges), the caller feeds the data twice:
 * <ol>
 *   <li>{@link #observe} every batch: the count and max |x| (all {@link Method#MINMAX} needs);
 *   <li>{@link #collect} every batch again: a histogram of {@value #BINS} bins of equal width
 *       w = max / {@value #BINS} over [0, max], |x| going to bin min(⌊|x| / w⌋, {@value #BINS} − 1).
 * </ol>
 * The first call to {@code collect} fixes max; a value above it in the second pass (data that
 * differ between passes) is counted in the last bin. Calibration sets are small (a few hundred
 * samples), so running the model over them twice is cheap, and the histogram is then exact.
 * NaN and infinite activations are refused: they mean the float model is broken.
 *
 * <h2>Methods</h2>
 * <ul>
 *   <li>{@code minmax}: amax = max |x|. Nothing is clipped; one outlier coarsens every step.
 *   <li>{@code percentile} p (e.g. 99.99): the p-th percentile of |x| read from the histogram.
 *       With n values and h[k] the count of bin k, the target count is t = p/100 · n; k is the
 *       first bin whose cumulative count C[k] = h[0] + … + h[k] reaches t, and the count is taken as
 *       spread evenly over the bin (linear interpolation):
 *       amax = min((k + (t − C[k−1]) / h[k]) · w, max). Exact to within one bin width w.
 *   <li>{@code entropy}: TensorRT's KL-divergence calibration, written from the algorithm as NVIDIA
 *       presented it (Szymon Migacz, "8-bit Inference with TensorRT", GTC 2017). For each candidate
 *       of i = {@value #ENTROPY_START} … {@value #BINS} bins (threshold near i·w):
 *       <pre>
 *   P[j] = h[j] for j &lt; i;  P[i−1] += h[i] + … + h[BINS−1]         (clipped values land on the edge)
 *   level(j) = ⌊j · 128 / i⌋                                        (i bins into 128 levels, sizes
 *                                                                     differing by at most one)
 *   Q[j] = h[j] &gt; 0 ? (Σ_{level(l)=level(j)} h[l]) / #{l : level(l)=level(j), h[l] &gt; 0} : 0
 *   KL(P‖Q) = Σ_{P[j] &gt; 0} p[j] · ln(p[j] / q[j]),   p = P / ΣP,  q = Q / ΣQ
 *       </pre>
 *       P is what clipping at bin i keeps of the data; Q is what 128 int8 levels can represent of
 *       the same bins before clipping: each level's count spread evenly over the level's non-empty
 *       bins (empty bins stay empty). Q is built from h, not P, as in the talk: were it built from
 *       P, at i = 128 each level would be one bin, Q = P, and the divergence would always be 0
 *       there. Where P[j] &gt; 0 = Q[j] (the clipped mass lands on an empty edge bin) the divergence
 *       is infinite and the candidate loses; i = {@value #BINS} clips nothing, so it is always
 *       finite. The i with the smallest divergence wins (the smallest such i on a tie), and
 *       amax = (i + 0.5) · w, the talk's threshold (so up to w/2 above max when i = {@value #BINS}).
 *       Bin 0, where ReLU's exact zeros land, is first given bin 1's count (as NVIDIA's
 *       pytorch-quantization does), so that a spike of zeros does not pull the threshold down.
 * </ul>
 * Each result depends only on the values fed, in any order and batching: deterministic.
 * Not thread-safe; one per activation tensor.
 */
public final class Calibrator {
    /** Histogram bins over [0, max |x|], TensorRT's count. */
    public static final int BINS = 2048;
    /** The int8 levels of one sign: the entropy method's quantized distribution has this many. */
    public static final int LEVELS = 128;
    /** The fewest bins an entropy threshold keeps. */
    public static final int ENTROPY_START = LEVELS;
    /** The percentile {@code cnnc} uses when none is given: PyTorch's and TensorRT's usual 99.99. */
    public static final double DEFAULT_PERCENTILE = 99.99;

    /** How a clip threshold is chosen; {@link #key} is its name in files and on command lines. */
    public enum Method {
        MINMAX("minmax"), PERCENTILE("percentile"), ENTROPY("entropy");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        /** {@code minmax}, {@code percentile} or {@code entropy}. */
        public String key() {
            return key;
        }

        /** Whether the method reads the histogram, so that the data must be fed twice. */
        public boolean needsHistogram() {
            return this != MINMAX;
        }

        /**
         * The method called {@code key}.
         *
         * @throws IllegalArgumentException listing the methods if there is none
         */
        public static Method parse(String key) {
            for (Method m : values()) {
                if (m.key.equals(key)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown calibration method '" + key
                + "' (expected minmax, percentile or entropy)");
        }
    }

    private long count;
    private double max;
    private long[] histogram;
    private double histogramMax;
    private long collected;

    /** A calibrator that has seen nothing. */
    public Calibrator() {
    }

    // ---- first pass ----

    /**
     * First pass: takes in a batch of the tensor's activations (count and max |x|).
     *
     * @throws IllegalStateException if the second pass has begun
     * @throws IllegalArgumentException naming the index of a NaN or infinite value
     */
    public void observe(float[] batch) {
        observe(batch, 0, batch.length);
    }

    /** As {@link #observe(float[])}, for {@code batch[offset .. offset + length)}. */
    public void observe(float[] batch, int offset, int length) {
        if (histogram != null) {
            throw new IllegalStateException("observe() is the first pass; collect() has already begun the second");
        }
        double m = max;
        for (int i = offset; i < offset + length; i++) {
            float v = batch[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("activation " + i + " of the batch is " + v
                    + "; calibration needs finite values");
            }
            m = Math.max(m, Math.abs(v));
        }
        max = m;
        count += length;
    }

    /** The number of values the first pass has seen. */
    public long count() {
        return count;
    }

    /** max |x| over the first pass (0 before any value). */
    public double max() {
        return max;
    }

    // ---- second pass ----

    /**
     * Second pass: adds a batch to the histogram over [0, {@link #max()}]. Feed the same data as
     * the first pass; the first call fixes the range.
     *
     * @throws IllegalStateException if the first pass saw nothing
     * @throws IllegalArgumentException naming the index of a NaN or infinite value
     */
    public void collect(float[] batch) {
        collect(batch, 0, batch.length);
    }

    /** As {@link #collect(float[])}, for {@code batch[offset .. offset + length)}. */
    public void collect(float[] batch, int offset, int length) {
        requireData();
        if (histogram == null) {
            histogram = new long[BINS];
            histogramMax = max;
        }
        double perUnit = histogramMax > 0 ? BINS / histogramMax : 0;
        for (int i = offset; i < offset + length; i++) {
            float v = batch[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("activation " + i + " of the batch is " + v
                    + "; calibration needs finite values");
            }
            double bin = Math.floor(Math.abs((double) v) * perUnit);
            histogram[bin >= BINS ? BINS - 1 : (int) bin]++;
        }
        collected += length;
    }

    /** The histogram's counts (a copy), {@value #BINS} bins over [0, max]. */
    public long[] histogram() {
        requireHistogram();
        return histogram.clone();
    }

    /** The width w of one bin, max / {@value #BINS}. */
    public double binWidth() {
        requireHistogram();
        return histogramMax / BINS;
    }

    // ---- thresholds ----

    /** The clip threshold by {@code method}; {@code percentile} is used by {@link Method#PERCENTILE} only. */
    public double amax(Method method, double percentile) {
        switch (method) {
            case MINMAX:
                return minmax();
            case PERCENTILE:
                return percentile(percentile);
            case ENTROPY:
                return entropy();
            default:
                throw new AssertionError(method);
        }
    }

    /** max |x| (first pass only). */
    public double minmax() {
        requireData();
        return max;
    }

    /**
     * The {@code p}-th percentile of |x| from the histogram, interpolated linearly inside its bin
     * (see the class comment).
     *
     * @throws IllegalArgumentException unless 0 &lt; p ≤ 100
     */
    public double percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile must be in (0, 100], not " + p);
        }
        requireHistogram();
        if (histogramMax == 0) {
            return 0;
        }
        double w = histogramMax / BINS;
        double target = p / 100.0 * collected;
        long before = 0;
        for (int k = 0; k < BINS; k++) {
            long h = histogram[k];
            if (h > 0 && before + h >= target) {
                double frac = Math.max(0, (target - before) / h);
                return Math.min((k + frac) * w, histogramMax);
            }
            before += h;
        }
        return histogramMax;
    }

    /** TensorRT's entropy (KL-divergence) threshold from the histogram (see the class comment). */
    public double entropy() {
        requireHistogram();
        if (histogramMax == 0) {
            return 0;
        }
        // Bin 0 holds ReLU's exact zeros, often most of a tensor: given bin 1's count instead, as
        // NVIDIA's pytorch-quantization does before its search, so that the spike does not decide
        // the threshold (with it, LeNet-5's ReLU outputs calibrated to a tenth of their range).
        long[] h = histogram.clone();
        h[0] = h[1];
        int best = bestEntropyBins(h);
        return (best + 0.5) * (histogramMax / BINS);
    }

    /**
     * The number of bins i in [{@value #ENTROPY_START}, h.length] whose clipped distribution
     * loses least information to 128 levels: argmin KL(P‖Q), the smallest i on a tie.
     */
    static int bestEntropyBins(long[] h) {
        int bins = h.length;
        long[] suffix = new long[bins + 1]; // suffix[i] = h[i] + ... + h[bins - 1]
        for (int j = bins - 1; j >= 0; j--) {
            suffix[j] = suffix[j + 1] + h[j];
        }
        double total = suffix[0];
        double[] p = new double[bins];
        double[] levelMass = new double[LEVELS];
        int[] levelNonZero = new int[LEVELS];
        int best = -1;
        double bestKl = Double.POSITIVE_INFINITY;
        for (int i = ENTROPY_START; i <= bins; i++) {
            for (int j = 0; j < i; j++) {
                p[j] = h[j];
            }
            p[i - 1] += suffix[i];
            Arrays.fill(levelMass, 0);
            Arrays.fill(levelNonZero, 0);
            for (int j = 0; j < i; j++) {
                int level = (int) ((long) j * LEVELS / i);
                levelMass[level] += h[j];
                if (h[j] > 0) {
                    levelNonZero[level]++;
                }
            }
            // ΣP = n, ΣQ = h[0] + ... + h[i-1] = n - suffix[i]:
            // KL = Σ (P / n) ln((P / n) / (Q / ΣQ)) = (1/n) Σ P ln(P / Q) + ln(ΣQ / n)
            double qTotal = total - suffix[i];
            double kl = 0;
            for (int j = 0; j < i && kl < Double.POSITIVE_INFINITY; j++) {
                if (p[j] > 0) {
                    if (h[j] == 0) {
                        kl = Double.POSITIVE_INFINITY;
                        break;
                    }
                    int level = (int) ((long) j * LEVELS / i);
                    double q = levelMass[level] / levelNonZero[level];
                    kl += p[j] * Math.log(p[j] / q);
                }
            }
            if (kl < Double.POSITIVE_INFINITY) {
                kl = kl / total + Math.log(qTotal / total);
            }
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        return best;
    }

    private void requireData() {
        if (count == 0) {
            throw new IllegalStateException("no activations were observed: feed observe() the calibration data first");
        }
    }

    private void requireHistogram() {
        requireData();
        if (histogram == null || collected == 0) {
            throw new IllegalStateException("the histogram is empty: feed collect() the calibration data a second "
                + "time (the first pass, observe(), only finds the range)");
        }
    }

    /**
     * Both passes over {@code batches} and the threshold by {@code method}: a convenience for data
     * already in memory.
     */
    public static double amax(Method method, double percentile, float[]... batches) {
        Calibrator c = new Calibrator();
        for (float[] b : batches) {
            c.observe(b);
        }
        if (method.needsHistogram()) {
            for (float[] b : batches) {
                c.collect(b);
            }
        }
        return c.amax(method, percentile);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Calibrator[%d values, max %g%s]", count, max,
            histogram == null ? "" : ", histogram of " + collected);
    }
}
