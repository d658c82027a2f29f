package dev.cnnc.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The validation split: stratified (the fraction of every class), deterministic, disjoint and complete. */
class ValidationSplitTest {
    /** {@code counts[c]} samples of class c, interleaved; sample i's only value is i. */
    static Dataset data(int... counts) {
        List<Integer> labels = new ArrayList<>();
        int[] left = counts.clone();
        boolean any = true;
        while (any) {
            any = false;
            for (int c = 0; c < left.length; c++) {
                if (left[c] > 0) {
                    labels.add(c);
                    left[c]--;
                    any = true;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            names.add("c" + c);
        }
        return new Dataset() {
            @Override
            public int size() {
                return labels.size();
            }

            @Override
            public int[] sampleShape() {
                return new int[] {1, 1, 1};
            }

            @Override
            public List<String> classes() {
                return names;
            }

            @Override
            public int label(int i) {
                return labels.get(i);
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                dst[offset] = i;
            }
        };
    }

    static List<Integer> ids(Dataset d) {
        List<Integer> out = new ArrayList<>();
        float[] x = new float[1];
        for (int i = 0; i < d.size(); i++) {
            d.copySample(i, x, 0);
            out.add((int) x[0]);
        }
        return out;
    }

    static int[] perClass(Dataset d, int k) {
        int[] n = new int[k];
        for (int i = 0; i < d.size(); i++) {
            n[d.label(i)]++;
        }
        return n;
    }

    @Test
    void heldOutIsTheFractionOfEachClass() {
        Dataset all = data(100, 50, 20, 7, 1);
        ValidationSplit s = ValidationSplit.of(all, 0.1, 42);
        assertEquals(List.of(10, 5, 2, 1, 0), java.util.Arrays.stream(perClass(s.val(), 5)).boxed().toList(),
                "round(0.1·n), at least 1 of a class with two or more, none of a class with one");
        assertEquals(List.of(90, 45, 18, 6, 1), java.util.Arrays.stream(perClass(s.train(), 5)).boxed().toList());
        for (int i = 0; i < s.val().size(); i++) {
            float[] x = new float[1];
            s.val().copySample(i, x, 0);
            assertEquals(all.label((int) x[0]), s.val().label(i), "labels follow their samples");
        }
        ValidationSplit half = ValidationSplit.of(data(10, 10), 0.5, 1);
        assertEquals(List.of(5, 5), java.util.Arrays.stream(perClass(half.val(), 2)).boxed().toList());
    }

    @Test
    void disjointCompleteOrderedAndDeterministic() {
        Dataset all = data(60, 40, 33);
        ValidationSplit a = ValidationSplit.of(all, 0.2, 7);
        ValidationSplit b = ValidationSplit.of(all, 0.2, 7);
        assertEquals(ids(a.val()), ids(b.val()), "same seed, same split");
        assertEquals(ids(a.train()), ids(b.train()));
        Set<Integer> seen = new HashSet<>(ids(a.train()));
        for (int id : ids(a.val())) {
            assertTrue(seen.add(id), "sample " + id + " in both parts");
        }
        assertEquals(all.size(), seen.size(), "every sample in one part");
        List<Integer> v = ids(a.val());
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.get(i - 1) < v.get(i), "the samples' order is kept");
        }
        assertNotEquals(ids(a.val()), ids(ValidationSplit.of(all, 0.2, 8).val()), "another seed, another split");
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(all, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(all, 1, 1));
    }
}
