package dev.cnnc.train.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Classification metrics accumulated over batches of logits (the seed's "Performance
 * Metrics"): top-k accuracy {@code Acc@k = (1/N) Σ I(y ∈ top-k)}, the confusion matrix, and per
 * class precision {@code TP/(TP+FP)}, recall {@code TP/(TP+FN)} and
 * {@code F1 = 2PR/(P+R)} (0 where undefined, as scikit-learn's zero_division=0).
 */
public final class Classification {
    private final int classes;
    private final long[][] confusion; // [true][predicted]
    private long count;
    private long top1;
    private long top5;
    private double lossSum;
    private long lossCount;

    public Classification(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1: " + classes);
        }
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    /** Adds {@code n} samples: logits {@code [n, classes]} row-major, labels {@code [n]}. */
    public void add(float[] logits, int[] labels, int n) {
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of sample " + i + " is not in [0, " + classes + ")");
            }
            int base = i * classes;
            int best = 0;
            int rank = 0; // classes scoring strictly higher than the true class
            for (int k = 0; k < classes; k++) {
                float v = logits[base + k];
                if (v > logits[base + best]) {
                    best = k;
                }
                if (v > logits[base + y] || (v == logits[base + y] && k < y)) {
                    rank++;
                }
            }
            confusion[y][best]++;
            count++;
            if (best == y) {
                top1++;
            }
            if (rank < 5) {
                top5++;
            }
        }
    }

    /** Adds per-sample losses, for the mean loss. */
    public void addLoss(double sumOfLosses, long samples) {
        lossSum += sumOfLosses;
        lossCount += samples;
    }

    public long count() {
        return count;
    }

    public double meanLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }

    public double top1() {
        return count == 0 ? Double.NaN : (double) top1 / count;
    }

    /** Top-5 accuracy (with fewer than 5 classes every sample counts). */
    public double top5() {
        return count == 0 ? Double.NaN : (double) top5 / count;
    }

    public long[][] confusion() {
        long[][] c = new long[classes][];
        for (int i = 0; i < classes; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    public double precision(int k) {
        long tp = confusion[k][k];
        long predicted = 0;
        for (int t = 0; t < classes; t++) {
            predicted += confusion[t][k];
        }
        return predicted == 0 ? 0 : (double) tp / predicted;
    }

    public double recall(int k) {
        long tp = confusion[k][k];
        long actual = 0;
        for (long v : confusion[k]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) tp / actual;
    }

    public double f1(int k) {
        double p = precision(k);
        double r = recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Samples whose true class is {@code k}. */
    public long support(int k) {
        long support = 0;
        for (long v : confusion[k]) {
            support += v;
        }
        return support;
    }

    /** The unweighted mean over the classes of {@code metric} (scikit-learn's "macro avg"). */
    public double macro(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += metric.applyAsDouble(k);
        }
        return sum / classes;
    }

    /** The mean over the classes of {@code metric} weighted by their support (scikit-learn's "weighted avg"). */
    public double weighted(java.util.function.IntToDoubleFunction metric) {
        double sum = 0;
        long all = 0;
        for (int k = 0; k < classes; k++) {
            sum += support(k) * metric.applyAsDouble(k);
            all += support(k);
        }
        return all == 0 ? 0 : sum / all;
    }

    /** A readable report: accuracy, a per-class table with its macro and weighted averages, the confusion matrix. */
    public String table(List<String> names) {
        List<String> n = names(names);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "samples %d   top-1 %.2f%%   top-5 %.2f%%", count, 100 * top1(),
                100 * top5()));
        if (lossCount > 0) {
            b.append(String.format(Locale.ROOT, "   loss %.4f", meanLoss()));
        }
        b.append("\n\n");
        int longest = n.stream().mapToInt(String::length).max().orElse(5);
        int width = Math.max("weighted avg".length(), longest);
        b.append(String.format(Locale.ROOT, "%-" + width + "s  precision  recall      F1  support%n", "class"));
        for (int k = 0; k < classes; k++) {
            long support = 0;
            for (long v : confusion[k]) {
                support += v;
            }
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", n.get(k), precision(k),
                    recall(k), f1(k), support));
        }
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", "macro avg",
                macro(this::precision), macro(this::recall), macro(this::f1), count));
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %9.4f  %6.4f  %6.4f  %7d%n", "weighted avg",
                weighted(this::precision), weighted(this::recall), weighted(this::f1), count));
        b.append("\nconfusion matrix (rows: true class, columns: predicted)\n");        width = Math.max(5, longest);

        int cell = 6;
        for (long[] row : confusion) {
            for (long v : row) {
                cell = Math.max(cell, Long.toString(v).length() + 1);
            }
        }
        b.append(" ".repeat(width));
        for (int k = 0; k < classes; k++) {
            b.append(String.format(Locale.ROOT, "%" + cell + "d", k));
        }
        b.append('\n');
        for (int t = 0; t < classes; t++) {
            b.append(String.format(Locale.ROOT, "%-" + width + "s", n.get(t)));
            for (int k = 0; k < classes; k++) {
                b.append(String.format(Locale.ROOT, "%" + cell + "d", confusion[t][k]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The same numbers as JSON. */
    public String json(List<String> names) {
        List<String> n = names(names);
        StringBuilder b = new StringBuilder("{\n");
        b.append(String.format(Locale.ROOT, "  \"samples\": %d,%n  \"top1\": %s,%n  \"top5\": %s,%n", count,
                num(top1()), num(top5())));
        if (lossCount > 0) {
            b.append("  \"loss\": ").append(num(meanLoss())).append(",\n");
        }
        b.append("  \"classes\": [\n");
        for (int k = 0; k < classes; k++) {
            b.append("    {\"name\": ").append(quote(n.get(k))).append(", \"precision\": ").append(num(precision(k)))
                    .append(", \"recall\": ").append(num(recall(k))).append(", \"f1\": ").append(num(f1(k)))
                    .append('}').append(k + 1 < classes ? "," : "").append('\n');
        }
        b.append("  ],\n");
        b.append("  \"macro\": {\"precision\": ").append(num(macro(this::precision))).append(", \"recall\": ")
                .append(num(macro(this::recall))).append(", \"f1\": ").append(num(macro(this::f1))).append("},\n");
        b.append("  \"weighted\": {\"precision\": ").append(num(weighted(this::precision))).append(", \"recall\": ")
                .append(num(weighted(this::recall))).append(", \"f1\": ").append(num(weighted(this::f1))).append("},\n");
        b.append("  \"confusion\": [\n");
        for (int t = 0; t < classes; t++) {
            b.append("    [");
            for (int k = 0; k < classes; k++) {
                b.append(k > 0 ? ", " : "").append(confusion[t][k]);
            }
            b.append(']').append(t + 1 < classes ? "," : "").append('\n');
        }
        return b.append("  ]\n}\n").toString();
    }

    private List<String> names(List<String> names) {
        List<String> n = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            n.add(names != null && k < names.size() ? names.get(k) : Integer.toString(k));
        }
        return n;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
