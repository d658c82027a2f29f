package dev.cnnc.compiler.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cnnc.compiler.ir.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Backward of every convolution against central differences of its forward. */
class ConvRefTest {

    /** One convolution: input {@code [n, c, h, w]}, {@code f} filters of {@code kh × kw}. */
    record ConvCase(int n, int c, int h, int w, int f, int kh, int kw, int sh, int sw, Padding pad, int dh, int dw,
                    int groups, boolean bias) {
        ConvRef.Spec spec() {
            return ConvRef.Spec.resolve(pad, h, w, kh, kw, new int[] {sh, sw}, new int[] {dh, dw}, groups);
        }
    }

    static List<ConvCase> convCases() {
        List<ConvCase> cases = new ArrayList<>(List.of(
                // 3x3, pad 1, bias: the common case
                new ConvCase(2, 3, 5, 4, 4, 3, 3, 1, 1, Padding.explicit(1, 1), 1, 1, 1, true),
                // pad same at stride 2 (asymmetric padding), dilation (2,1), groups 2, non-square kernel
                new ConvCase(1, 4, 7, 6, 6, 3, 2, 2, 1, new Padding(Padding.Mode.SAME, 0, 0), 2, 1, 2, true),
                // depthwise (groups = C), stride 3 > kernel 2, no bias
                new ConvCase(2, 3, 8, 7, 3, 2, 2, 3, 3, Padding.VALID, 1, 1, 3, false),
                // full padding, batch 1, non-square input
                new ConvCase(1, 2, 3, 5, 2, 3, 3, 1, 1, new Padding(Padding.Mode.FULL, 0, 0), 1, 1, 1, true),
                // dilation 3, stride 2, pad (2,1), groups 2 with 2 filters per group
                new ConvCase(2, 2, 9, 6, 4, 3, 3, 2, 2, Padding.explicit(2, 1), 3, 2, 2, true),
                // 1x1 conv, stride 2, odd sizes
                new ConvCase(2, 3, 5, 5, 2, 1, 1, 2, 2, Padding.VALID, 1, 1, 1, true)));
        Random rnd = new Random(11);
        while (cases.size() < 16) {
            int g = 1 + rnd.nextInt(3);
            int kh = 1 + rnd.nextInt(3);
            int kw = 1 + rnd.nextInt(3);
            int dh = 1 + rnd.nextInt(2);
            int dw = 1 + rnd.nextInt(2);
            Padding pad = switch (rnd.nextInt(4)) {
                case 0 -> Padding.VALID;
                case 1 -> new Padding(Padding.Mode.SAME, 0, 0);
                case 2 -> new Padding(Padding.Mode.FULL, 0, 0);
                default -> Padding.explicit(rnd.nextInt(3), rnd.nextInt(3));
            };
            int h = 1 + (kh - 1) * dh + rnd.nextInt(5);
            int w = 1 + (kw - 1) * dw + rnd.nextInt(5);
            cases.add(new ConvCase(1 + rnd.nextInt(2), g * (1 + rnd.nextInt(2)), h, w, g * (1 + rnd.nextInt(2)),
                    kh, kw, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), pad, dh, dw, g, rnd.nextBoolean()));
        }
        return cases;
    }

    @Test
    void conv2dBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(1);
        for (ConvCase k : convCases()) {
            ConvRef.Spec s = k.spec();
            Tensor x = Tensor.random(rnd, k.n(), k.c(), k.h(), k.w());
            Tensor w = Tensor.random(rnd, k.f(), k.c() / k.groups(), k.kh(), k.kw());
            Tensor b = k.bias() ? Tensor.random(rnd, k.f()) : null;
            Tensor y = ConvRef.conv2d(x, w, b, s);
            Tensor dy = Tensor.random(rnd, y.shape());
            ConvRef.Grads g = ConvRef.conv2dBackward(x, w, k.bias(), s, dy);
            GradAssert.check(k + " dx", g.dx(), () -> ConvRef.conv2d(x, w, b, s), dy, x);
            GradAssert.check(k + " dw", g.dw(), () -> ConvRef.conv2d(x, w, b, s), dy, w);
            if (k.bias()) {
                GradAssert.check(k + " db", g.db(), () -> ConvRef.conv2d(x, w, b, s), dy, b);
            } else {
                assertNull(g.db());
            }
        }
    }

    @Test
    void samePaddingIsAsymmetricAtEvenSizesAndKeepsCeilOfInputOverStride() {
        // 6 wide, kernel 3, stride 2: output 3, total padding 1, the odd pixel at the end
        ConvRef.Spec s = ConvRef.Spec.resolve(new Padding(Padding.Mode.SAME, 0, 0), 6, 6, 3, 3,
                new int[] {2, 2}, new int[] {1, 1}, 1);
        assertArrayEquals(new int[] {0, 1, 0, 1}, new int[] {s.padTop(), s.padBottom(), s.padLeft(), s.padRight()});
        Tensor y = ConvRef.conv2d(new Tensor(1, 1, 6, 6), new Tensor(1, 1, 3, 3), null, s);
        assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
    }

    @Test
    void conv2dOnAHandComputedCase() {
        // x = 1..9 in a 3x3 map, w = [[1, 0], [0, -1]], b = 0.5: y[i,j] = x[i,j] - x[i+1,j+1] + 0.5 = -4 + 0.5
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = ConvRef.conv2d(x, w, Tensor.of(new double[] {0.5}, 1), ConvRef.Spec.simple());
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, y.data());
        // pad 1, stride 2: y[i,j] = xpad[2i,2j] - xpad[2i+1,2j+1], xpad[r,c] = x[r-1,c-1] or 0
        Tensor y2 = ConvRef.conv2d(x, w, null, new ConvRef.Spec(2, 2, 1, 1, 1, 1, 1, 1, 1));
        assertArrayEquals(new double[] {-1, -3, -7, 5 - 9}, y2.data());
    }

    @Test
    void separableConvBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(2);
        // {n, c, h, w, f, k, stride, dilation, depth multiplier, bias}; pad same
        int[][] cases = {{2, 3, 6, 5, 4, 3, 1, 1, 1, 1}, {1, 2, 7, 8, 3, 3, 2, 2, 2, 0}, {2, 2, 5, 5, 2, 2, 3, 1, 3, 1}};
        for (int[] k : cases) {
            ConvRef.Spec s = ConvRef.Spec.resolve(new Padding(Padding.Mode.SAME, 0, 0), k[2], k[3], k[5], k[5],
                    new int[] {k[6], k[6]}, new int[] {k[7], k[7]}, 1);
            boolean bias = k[9] == 1;
            Tensor x = Tensor.random(rnd, k[0], k[1], k[2], k[3]);
            Tensor dw = Tensor.random(rnd, k[1] * k[8], 1, k[5], k[5]);
            Tensor pw = Tensor.random(rnd, k[4], k[1] * k[8], 1, 1);
            Tensor b = bias ? Tensor.random(rnd, k[4]) : null;
            Tensor y = ConvRef.separableConv2d(x, dw, pw, b, s);
            assertEquals(k[4], y.dim(1));
            Tensor dy = Tensor.random(rnd, y.shape());
            ConvRef.SeparableGrads g = ConvRef.separableConv2dBackward(x, dw, pw, bias, s, dy);
            String what = "separable " + java.util.Arrays.toString(k);
            GradAssert.check(what + " dx", g.dx(), () -> ConvRef.separableConv2d(x, dw, pw, b, s), dy, x);
            GradAssert.check(what + " dDepthwise", g.dDepthwise(), () -> ConvRef.separableConv2d(x, dw, pw, b, s),
                    dy, dw);
            GradAssert.check(what + " dPointwise", g.dPointwise(), () -> ConvRef.separableConv2d(x, dw, pw, b, s),
                    dy, pw);
            if (bias) {
                GradAssert.check(what + " db", g.db(), () -> ConvRef.separableConv2d(x, dw, pw, b, s), dy, b);
            }
        }
    }

    /** A transposed convolution: input {@code [n, c, h, w]}, {@code f} output channels. */
    record TransposeCase(int n, int c, int h, int w, int f, int kh, int kw, ConvRef.TransposeSpec spec,
                         boolean bias) {
    }

    static List<TransposeCase> transposeCases() {
        List<TransposeCase> cases = new ArrayList<>(List.of(
                // the usual 2x upsampler: k3 s2 p1 output_padding 1
                new TransposeCase(2, 3, 4, 3, 2, 3, 3, new ConvRef.TransposeSpec(2, 2, 1, 1, 1, 1, 1, 1, 1), true),
                // groups 2, dilation 2, stride 3 > kernel 2, non-square kernel, output padding from dilation
                new TransposeCase(1, 4, 3, 5, 6, 2, 3, new ConvRef.TransposeSpec(3, 1, 0, 1, 1, 1, 2, 2, 2), true),
                // batch 1, 1x1 kernel, stride 2, no bias
                new TransposeCase(1, 2, 3, 3, 3, 1, 1, new ConvRef.TransposeSpec(2, 2, 0, 0, 0, 0, 1, 1, 1), false),
                // stride 1: a full convolution with the flipped kernel
                new TransposeCase(2, 2, 4, 5, 2, 3, 2, new ConvRef.TransposeSpec(1, 1, 1, 0, 0, 0, 1, 1, 1), true)));
        Random rnd = new Random(12);
        while (cases.size() < 12) {
            int g = 1 + rnd.nextInt(2);
            int kh = 1 + rnd.nextInt(3);
            int kw = 1 + rnd.nextInt(3);
            int sh = 1 + rnd.nextInt(3);
            int sw = 1 + rnd.nextInt(3);
            int dh = 1 + rnd.nextInt(2);
            int dw = 1 + rnd.nextInt(2);
            int oph = rnd.nextInt(Math.max(sh, dh));
            int opw = rnd.nextInt(Math.max(sw, dw));
            int ph = rnd.nextInt(2);
            int pw = rnd.nextInt(2);
            int h = 1 + rnd.nextInt(4);
            int w = 1 + rnd.nextInt(4);
            if (ConvRef.transposeOutputSize(h, sh, ph, kh, dh, oph) < 1
                    || ConvRef.transposeOutputSize(w, sw, pw, kw, dw, opw) < 1) {
                continue;
            }
            cases.add(new TransposeCase(1 + rnd.nextInt(2), g * (1 + rnd.nextInt(2)), h, w, g * (1 + rnd.nextInt(2)),
                    kh, kw, new ConvRef.TransposeSpec(sh, sw, ph, pw, oph, opw, dh, dw, g), rnd.nextBoolean()));
        }
        return cases;
    }

    @Test
    void convTransposeBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(3);
        for (TransposeCase k : transposeCases()) {
            ConvRef.TransposeSpec s = k.spec();
            Tensor x = Tensor.random(rnd, k.n(), k.c(), k.h(), k.w());
            Tensor w = Tensor.random(rnd, k.c(), k.f() / s.groups(), k.kh(), k.kw());
            Tensor b = k.bias() ? Tensor.random(rnd, k.f()) : null;
            Tensor y = ConvRef.convTranspose2d(x, w, b, s);
            Tensor dy = Tensor.random(rnd, y.shape());
            ConvRef.Grads g = ConvRef.convTranspose2dBackward(x, w, k.bias(), s, dy);
            GradAssert.check(k + " dx", g.dx(), () -> ConvRef.convTranspose2d(x, w, b, s), dy, x);
            GradAssert.check(k + " dw", g.dw(), () -> ConvRef.convTranspose2d(x, w, b, s), dy, w);
            if (k.bias()) {
                GradAssert.check(k + " db", g.db(), () -> ConvRef.convTranspose2d(x, w, b, s), dy, b);
            }
        }
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        // <conv(x), y> = <x, conv_transpose(y)> for the same weight and geometry (no bias, no output padding)
        Random rnd = new Random(4);
        Tensor x = Tensor.random(rnd, 2, 4, 7, 6);
        Tensor w = Tensor.random(rnd, 6, 2, 3, 2);
        ConvRef.Spec s = new ConvRef.Spec(2, 1, 1, 1, 0, 0, 2, 1, 2);
        Tensor y = ConvRef.conv2d(x, w, null, s);
        Tensor v = Tensor.random(rnd, y.shape());
        // conv: [N,4,7,6] -> [N,6,..] with w [6, 2, 3, 2]; its transpose maps 6 channels back to 4 with w as [C=6, F/g=2, ...]
        ConvRef.TransposeSpec t = new ConvRef.TransposeSpec(2, 1, 1, 0, 0, 0, 2, 1, 2);
        Tensor back = ConvRef.convTranspose2d(v, w, null, t);
        assertArrayEquals(x.shape(), back.shape());
        assertEquals(y.dot(v), x.dot(back), 1e-12 * Math.abs(y.dot(v)) + 1e-12);
    }
}
