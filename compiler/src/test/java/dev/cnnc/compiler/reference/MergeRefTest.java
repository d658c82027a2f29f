package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** add, mul (broadcasting) and concat: values and backward against central differences. */
class MergeRefTest {

    @Test
    void addBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(71);
        Tensor[] xs = {Tensor.random(rnd, 2, 3, 4, 2), Tensor.random(rnd, 2, 3, 4, 2), Tensor.random(rnd, 2, 3, 4, 2)};
        Tensor dy = Tensor.random(rnd, 2, 3, 4, 2);
        Tensor[] g = MergeRef.addBackward(3, dy);
        for (int i = 0; i < 3; i++) {
            GradAssert.check("add input " + i, g[i], () -> MergeRef.add(xs), dy, xs[i]);
        }
        assertEquals(xs[0].at(5) + xs[1].at(5) + xs[2].at(5), MergeRef.add(xs).at(5), 1e-15);
    }

    @Test
    void mulBroadcastsOverPerSampleShapes() {
        // per-sample shapes [C, H, W] x [C, 1, 1] (SE), x [1, H, W] (spatial attention), x [W] (rank differs),
        // [C, 1, W] x [1, H, 1] (both broadcast), three inputs, and feature vectors
        int[][][] cases = {
            {{2, 3, 4, 5}, {2, 3, 1, 1}},
            {{2, 3, 4, 5}, {2, 1, 4, 5}},
            {{1, 3, 4, 5}, {1, 5}},
            {{2, 3, 1, 5}, {2, 1, 4, 1}},
            {{2, 3, 4, 2}, {2, 3, 1, 1}, {2, 1, 4, 2}},
            {{3, 6}, {3, 1}},
        };
        Random rnd = new Random(72);
        for (int[][] shapes : cases) {
            Tensor[] xs = new Tensor[shapes.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = Tensor.random(rnd, shapes[i]);
            }
            Tensor y = MergeRef.mul(xs);
            Tensor dy = Tensor.random(rnd, y.shape());
            Tensor[] g = MergeRef.mulBackward(xs, dy);
            for (int i = 0; i < xs.length; i++) {
                GradAssert.check("mul " + Arrays.deepToString(shapes) + " input " + i, g[i], () -> MergeRef.mul(xs),
                        dy, xs[i]);
            }
        }
    }

    @Test
    void mulBroadcastValues() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 1, 3);   // [C=2, 1, W=3]
        Tensor b = Tensor.of(new double[] {10, 100}, 1, 1, 2, 1);          // [1, H=2, 1]
        Tensor y = MergeRef.mul(a, b);
        assertArrayEquals(new int[] {1, 2, 2, 3}, y.shape());
        assertEquals(600, y.get(0, 1, 1, 2), 0);
        assertEquals(20, y.get(0, 0, 0, 1), 0);
    }

    @Test
    void concatAlongEveryAxis() {
        Random rnd = new Random(73);
        int[][][] cases = {
            {{2, 3, 4, 2}, {2, 1, 4, 2}, {2, 2, 4, 2}},  // channels (axis 0)
            {{2, 3, 2, 2}, {2, 3, 3, 2}},                 // axis 1 (height)
            {{1, 2, 2, 3}, {1, 2, 2, 1}},                 // axis -1 (width)
            {{3, 4}, {3, 2}},                             // feature vectors
        };
        int[] axes = {0, 1, -1, 0};
        for (int t = 0; t < cases.length; t++) {
            int axis = axes[t];
            Tensor[] xs = new Tensor[cases[t].length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = Tensor.random(rnd, cases[t][i]);
            }
            Tensor y = MergeRef.concat(axis, xs);
            Tensor dy = Tensor.random(rnd, y.shape());
            Tensor[] g = MergeRef.concatBackward(axis, cases[t], dy);
            for (int i = 0; i < xs.length; i++) {
                GradAssert.check("concat " + Arrays.deepToString(cases[t]) + " axis " + axis + " input " + i, g[i],
                        () -> MergeRef.concat(axis, xs), dy, xs[i]);
            }
        }
        Tensor a = Tensor.of(new double[] {1, 2}, 1, 2);
        Tensor b = Tensor.of(new double[] {3}, 1, 1);
        assertArrayEquals(new double[] {1, 2, 3}, MergeRef.concat(0, a, b).data());
    }
}
