package dev.cnnc.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, stratified split of a training set into what is trained on and a held-out
 * validation set: of each class's n samples, round(fraction·n) (at least one when the class has
 * two or more samples and the fraction is positive, never all of them) are held out, chosen by a
 * shuffle seeded with the run's seed and the class. The same data, fraction and seed give the
 * same split; both parts keep the samples' order.
 *
 * @param train the samples trained on
 * @param val   the held-out samples
 */
public record ValidationSplit(Dataset train, Dataset val) {

    /** The split of {@code data} with {@code fraction} (in (0, 1)) of each class held out. */
    public static ValidationSplit of(Dataset data, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("the validation fraction must be in (0, 1): " + fraction);
        }
        int k = data.classes().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            while (byClass.size() <= label) {
                byClass.add(new ArrayList<>());
            }
            byClass.get(label).add(i);
        }
        boolean[] held = new boolean[data.size()];
        for (int c = 0; c < Math.max(k, byClass.size()); c++) {
            List<Integer> idx = c < byClass.size() ? byClass.get(c) : List.of();
            int n = idx.size();
            int take = (int) Math.round(fraction * n);
            if (n >= 2) {
                take = Math.min(n - 1, Math.max(1, take));
            } else {
                take = 0;
            }
            int[] order = idx.stream().mapToInt(Integer::intValue).toArray();
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + c);
            for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < take; i++) {
                held[order[i]] = true;
            }
        }
        int nVal = 0;
        for (boolean h : held) {
            nVal += h ? 1 : 0;
        }
        int[] val = new int[nVal];
        int[] train = new int[data.size() - nVal];
        for (int i = 0, v = 0, t = 0; i < held.length; i++) {
            if (held[i]) {
                val[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new ValidationSplit(subset(data, train), subset(data, val));
    }

    /** The samples {@code idx} of {@code data}, in that order. */
    static Dataset subset(Dataset data, int[] idx) {
        int[] at = idx.clone();
        return new Dataset() {
            @Override
            public int size() {
                return at.length;
            }

            @Override
            public int[] sampleShape() {
                return data.sampleShape();
            }

            @Override
            public List<String> classes() {
                return data.classes();
            }

            @Override
            public int label(int i) {
                return data.label(at[i]);
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                data.copySample(at[i], dst, offset);
            }

            @Override
            public String toString() {
                return "samples " + Arrays.toString(Arrays.copyOf(at, Math.min(at.length, 5))) + "... of " + data;
            }
        };
    }
}
