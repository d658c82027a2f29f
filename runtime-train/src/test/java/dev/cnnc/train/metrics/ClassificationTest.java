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
        assertTrue(table.contains("dog       0.5000  0.5000  0.5000        2"), table);
        String json = c.json(List.of("cat", "dog", "bird"));
        assertTrue(json.contains("\"top1\": 0.500000"), json);
        assertTrue(json.contains("[1, 1, 0]"), json);
        assertTrue(json.contains("{\"name\": \"bird\", \"precision\": 0.500000"), json);
    }
}
