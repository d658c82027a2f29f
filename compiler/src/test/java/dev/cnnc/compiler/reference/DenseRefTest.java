package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backward of {@code dense} and {@code flatten} against central differences. */
class DenseRefTest {

    @Test
    void denseBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(31);
        // {batch, in, units, bias}
        int[][] cases = {{2, 5, 3, 1}, {1, 7, 4, 0}, {3, 1, 1, 1}, {4, 6, 9, 1}};
        for (int[] k : cases) {
            boolean bias = k[3] == 1;
            Tensor x = Tensor.random(rnd, k[0], k[1]);
            Tensor w = Tensor.random(rnd, k[2], k[1]);
            Tensor b = bias ? Tensor.random(rnd, k[2]) : null;
            Tensor dy = Tensor.random(rnd, k[0], k[2]);
            DenseRef.Grads g = DenseRef.denseBackward(x, w, bias, dy);
            String what = "dense " + java.util.Arrays.toString(k);
            GradAssert.check(what + " dx", g.dx(), () -> DenseRef.dense(x, w, b), dy, x);
            GradAssert.check(what + " dw", g.dw(), () -> DenseRef.dense(x, w, b), dy, w);
            if (bias) {
                GradAssert.check(what + " db", g.db(), () -> DenseRef.dense(x, w, b), dy, b);
            } else {
                assertNull(g.db());
            }
        }
    }

    @Test
    void denseOnAHandComputedCase() {
        // y = [[1, 2], [3, 4]] · [1, -1] + 10 = [9, 9]
        Tensor y = DenseRef.dense(Tensor.of(new double[] {1, -1}, 1, 2), Tensor.of(new double[] {1, 2, 3, 4}, 2, 2),
                Tensor.of(new double[] {10, 10}, 2));
        assertArrayEquals(new double[] {9, 9}, y.data());
    }

    @Test
    void flattenKeepsCOrderAndItsBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(32);
        Tensor x = Tensor.random(rnd, 2, 3, 2, 5);
        Tensor y = DenseRef.flatten(x);
        assertArrayEquals(new int[] {2, 30}, y.shape());
        assertArrayEquals(new double[] {x.get(1, 2, 1, 4)}, new double[] {y.get(1, 2 * 10 + 1 * 5 + 4)});
        Tensor dy = Tensor.random(rnd, 2, 30);
        GradAssert.check("flatten", DenseRef.flattenBackward(x.shape(), dy), () -> DenseRef.flatten(x), dy, x);
    }
}
