package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dropout with explicit masks: values and backward. */
class DropoutRefTest {

    @Test
    void dropoutZeroesDroppedAndScalesKeptElements() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 1, 4);
        Tensor mask = Tensor.of(new double[] {1, 0, 1, 0}, 1, 4);
        Tensor y = DropoutRef.dropout(x, mask, 0.75);
        assertEquals(4, y.get(0, 0), 0);
        assertEquals(0, y.get(0, 1), 0);
        assertEquals(12, y.get(0, 2), 0);
    }

    @Test
    void dropoutBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(61);
        for (double p : new double[] {0.1, 0.5, 0.9}) {
            Tensor x = Tensor.random(rnd, 3, 4, 2, 5);
            Tensor mask = Tensor.mask(rnd, 1 - p, 3, 4, 2, 5);
            mask.setAt(0, 1);
            Tensor dy = Tensor.random(rnd, x.shape());
            GradAssert.check("dropout p " + p, DropoutRef.dropoutBackward(mask, p, dy),
                    () -> DropoutRef.dropout(x, mask, p), dy, x);
        }
    }

    @Test
    void spatialDropoutDropsWholeMapsAndItsBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(62);
        Tensor x = Tensor.random(rnd, 2, 3, 4, 5);
        Tensor mask = Tensor.of(new double[] {1, 0, 1, 0, 0, 1}, 2, 3);
        Tensor y = DropoutRef.spatialDropout(x, mask, 0.5);
        for (int h = 0; h < 4; h++) {
            for (int w = 0; w < 5; w++) {
                assertEquals(0, y.get(0, 1, h, w), 0);
                assertEquals(2 * x.get(1, 2, h, w), y.get(1, 2, h, w), 0);
            }
        }
        Tensor dy = Tensor.random(rnd, x.shape());
        GradAssert.check("spatial_dropout", DropoutRef.spatialDropoutBackward(mask, 0.5, dy),
                () -> DropoutRef.spatialDropout(x, mask, 0.5), dy, x);
    }
}
