package dev.cnnc.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {

    /** Three classes, six samples; the hand-worked confusion matrix and metrics below. */
    private static Classification example() {
        Classification c = new Classification(3);
        float[] logits = {
            3, 1, 0,   // true 0, predicted 0
            0, 2, 1,   // true 0, predicted 1 (true class ranked 3rd)
            0, 5, 1,   // true 1, predicted 1
            2, 1, 3,   // true 1, predicted 2 (true class ranked 3rd)
            0, 1, 4,   // true 2, predicted 2
            1, 0, 0.5f // true 2, predicted 0 (true class ranked 2nd)
        };
        c.add(logits, new int[] {0, 0, 1, 1, 2, 2}, 6);
        return c;
    }

    @Test
    void confusionMatrixAndAccuracy() {
        Classification c = example();
        assertArrayEquals(new long[] {1, 1, 0}, c.confusion()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, c.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 1}, c.confusion()[2]);
        assertEquals(3.0 / 6, c.top1(), 1e-12);
        assertEquals(1.0, c.top5(), 1e-12, "with 3 classes the true class is always in the top 5");
    }

    @Test
    void precisionRecallF1FromTheSeedsFormulas() {
        Classification c = example();
        // class 0: TP 1, predicted 2 (FP 1), actual 2 (FN 1)
        assertEquals(0.5, c.precision(0), 1e-12);
        assertEquals(0.5, c.recall(0), 1e-12);
        assertEquals(0.5, c.f1(0), 1e-12);
        // class 1: TP 1, predicted 2, actual 2
        assertEquals(0.5, c.f1(1), 1e-12);
        // class 2: TP 1, predicted 2, actual 2
        assertEquals(0.5, c.precision(2), 1e-12);
    }

    @Test
    void topKCountsTheTrueClassRank() {
        Classification c = new Classification(7);
        float[] logits = {7, 6, 5, 4, 3, 2, 1};
        c.add(logits, new int[] {4}, 1); // rank 5 (0-based 4): inside top-5
        assertEquals(1.0, c.top5());
        c.add(logits, new int[] {5}, 1); // rank 6: outside
        assertEquals(0.5, c.top5());
        assertEquals(0.0, c.top1());
    }

    @Test
    void undefinedPrecisionIsZeroAndBadLabelsAreRejected() {
        Classification c = new Classification(2);
        c.add(new float[] {1, 0}, new int[] {0}, 1);
        assertEquals(0, c.precision(1));
        assertEquals(0, c.f1(1));
        assertThrows(IllegalArgumentException.class, () -> c.add(new float[] {1, 0}, new int[] {2}, 1));
    }

    @Test
    void tableAndJsonCarryTheSameNumbers() {
        Classification c = example();
        c.addLoss(3.0, 6);
        String table = c.table(List.of("cat", "dog", "bird"));
        assertTrue(table.contains("top-1 50.00%"), table);
        assertTrue(table.contains("loss 0.5000"), table);
        assertTrue(table.contains("dog" + " ".repeat(14) + "0.5000  0.5000  0.5000        2"), table);
        String json = c.json(List.of("cat", "dog", "bird"));
        assertTrue(json.contains("\"top1\": 0.500000"), json);
        assertTrue(json.contains("[1, 1, 0]"), json);
        assertTrue(json.contains("{\"name\": \"bird\", \"precision\": 0.500000"), json);
    }

    /**
     * Issue 18, item 14: macro and weighted averages as scikit-learn's classification_report
     * gives them for y_true = [0, 0, 0, 1], y_pred = [0, 0, 1, 1] (macro 0.75 / 0.83 / 0.73,
     * weighted 0.88 / 0.75 / 0.77), worked here by hand.
     */
    @Test
    void macroAndWeightedAveragesAsScikitLearnGivesThem() {
        Classification c = new Classification(2);
        c.add(new float[] {2, 1, 2, 1, 1, 2, 1, 2}, new int[] {0, 0, 0, 1}, 4);
        // class 0: P 2/2, R 2/3, F1 0.8 (support 3); class 1: P 1/2, R 1, F1 2/3 (support 1)
        assertEquals(0.75, c.macro(c::precision), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, c.macro(c::recall), 1e-12);
        assertEquals((0.8 + 2.0 / 3) / 2, c.macro(c::f1), 1e-12);
        assertEquals((3 * 1.0 + 0.5) / 4, c.weighted(c::precision), 1e-12);
        assertEquals(0.75, c.weighted(c::recall), 1e-12, "weighted recall is the accuracy");
        assertEquals((3 * 0.8 + 2.0 / 3) / 4, c.weighted(c::f1), 1e-12);
        String table = c.table(List.of("zero", "one"));
        assertTrue(table.contains("macro avg        0.7500  0.8333  0.7333        4"), table);
        assertTrue(table.contains("weighted avg     0.8750  0.7500  0.7667        4"), table);
        String json = c.json(List.of("zero", "one"));
        assertTrue(json.contains("\"macro\": {\"precision\": 0.750000, \"recall\": 0.833333, \"f1\": 0.733333}"), json);
        assertTrue(json.contains("\"weighted\": {\"precision\": 0.875000, \"recall\": 0.750000, \"f1\": 0.766667}"), json);
    }
}
