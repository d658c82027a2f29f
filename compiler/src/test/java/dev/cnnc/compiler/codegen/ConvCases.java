package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.reference.ConvRef;
import dev.cnnc.compiler.reference.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test cases of {@link ConvKernelTest}: one convolution layer each, as a .cnn model and as the
 * matching {@link ConvRef} computation. The reference resolves {@code pad} with
 * {@link ConvRef.Spec#resolve}, from the case's own description, not from the compiled graph.
 */
final class ConvCases {
    private ConvCases() {
    }

    /** A padding as written in the .cnn source, and as a value. */
    record Pad(String text, Padding padding) {
        static final Pad VALID = new Pad("valid", Padding.VALID);
        static final Pad SAME = new Pad("same", new Padding(Padding.Mode.SAME, 0, 0));
        static final Pad FULL = new Pad("full", new Padding(Padding.Mode.FULL, 0, 0));

        static Pad explicit(int h, int w) {
            return new Pad("(" + h + ", " + w + ")", Padding.explicit(h, w));
        }

        static Pad random(Random rnd) {
            switch (rnd.nextInt(4)) {
                case 0:
                    return VALID;
                case 1:
                    return SAME;
                case 2:
                    return FULL;
                default:
                    return explicit(rnd.nextInt(3), rnd.nextInt(3));
            }
        }

        /** An input extent at least {@code in} for which the (padded) kernel fits: at least one output. */
        int fit(int in, boolean height, int effKernel, int stride) {
            int[] p = height ? padding.resolve(in, 1, effKernel, 1, stride, 1)
                    : padding.resolve(1, in, 1, effKernel, 1, stride);
            int total = height ? p[0] + p[1] : p[2] + p[3];
            return Math.max(in, effKernel - total);
        }
    }

    private static int dilation(Random rnd) {
        return rnd.nextInt(3) == 0 ? 2 + rnd.nextInt(2) : 1;
    }

    private static int randomGroups(Random rnd) {
        int[] choices = {1, 1, 1, 2, 3};
        return choices[rnd.nextInt(choices.length)];
    }

    private static String model(int c, int h, int w, String layer) {
        return "model M { input x: [" + c + ", " + h + ", " + w + "]  output y = x -> " + layer + " }";
    }

    /** {@code conv} on {@code batch × [c, h, w]}, layer {@code cv}. */
    record ConvCase(int batch, int c, int h, int w, int filters, int kh, int kw, int sh, int sw, Pad pad, int dh,
                    int dw, int groups, boolean bias) {

        static ConvCase random(Random rnd) {
            int g = randomGroups(rnd);
            int c = g * (1 + rnd.nextInt(3));
            int f = g * (1 + rnd.nextInt(3));
            int kh = 1 + rnd.nextInt(4);
            int kw = 1 + rnd.nextInt(4);
            int sh = 1 + rnd.nextInt(3);
            int sw = 1 + rnd.nextInt(3);
            int dh = dilation(rnd);
            int dw = dilation(rnd);
            Pad pad = Pad.random(rnd);
            int h = pad.fit(1 + rnd.nextInt(9), true, 1 + (kh - 1) * dh, sh);
            int w = pad.fit(1 + rnd.nextInt(9), false, 1 + (kw - 1) * dw, sw);
            return new ConvCase(1 + rnd.nextInt(3), c, h, w, f, kh, kw, sh, sw, pad, dh, dw, g, rnd.nextBoolean());
        }

        String source() {
            return model(c, h, w, "conv(" + filters + ", (" + kh + ", " + kw + "), stride: (" + sh + ", " + sw
                    + "), pad: " + pad.text() + ", dilation: (" + dh + ", " + dw + "), groups: " + groups + ", bias: "
                    + bias + ") as cv");
        }

        ConvRef.Spec spec() {
            return ConvRef.Spec.resolve(pad.padding(), h, w, kh, kw, new int[] {sh, sw}, new int[] {dh, dw}, groups);
        }

        OpCheck.Reference reference() {
            ConvRef.Spec s = spec();
            int oh = ConvRef.outputSize(h, s.padTop(), s.padBottom(), kh, dh, sh);
            int ow = ConvRef.outputSize(w, s.padLeft(), s.padRight(), kw, dw, sw);
            return new OpCheck.Reference() {
                @Override
                public double[] forward(Map<String, double[]> d) {
                    return ConvRef.conv2d(x(d), weight(d), bias ? Tensor.of(d.get("cv.bias"), filters) : null, s)
                            .data();
                }

                @Override
                public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                    ConvRef.Grads g = ConvRef.conv2dBackward(x(d), weight(d), bias, s,
                            Tensor.of(dy, batch, filters, oh, ow));
                    Map<String, double[]> out = new LinkedHashMap<>();
                    out.put("x", g.dx().data());
                    out.put("cv.weight", g.dw().data());
                    if (bias) {
                        out.put("cv.bias", g.db().data());
                    }
                    return out;
                }
            };
        }

        private Tensor x(Map<String, double[]> d) {
            return Tensor.of(d.get("x"), batch, c, h, w);
        }

        private Tensor weight(Map<String, double[]> d) {
            return Tensor.of(d.get("cv.weight"), filters, c / groups, kh, kw);
        }

        @Override
        public String toString() {
            return "batch " + batch + ": " + source();
        }
    }

    /** {@code separable_conv} on {@code batch × [c, h, w]}, layer {@code sc}. */
    record SeparableCase(int batch, int c, int h, int w, int filters, int kh, int kw, int sh, int sw, Pad pad,
                         int dh, int dw, int multiplier, boolean bias) {

        static SeparableCase random(Random rnd) {
            int kh = 1 + rnd.nextInt(4);
            int kw = 1 + rnd.nextInt(4);
            int sh = 1 + rnd.nextInt(3);
            int sw = 1 + rnd.nextInt(3);
            int dh = dilation(rnd);
            int dw = dilation(rnd);
            Pad pad = Pad.random(rnd);
            int h = pad.fit(1 + rnd.nextInt(9), true, 1 + (kh - 1) * dh, sh);
            int w = pad.fit(1 + rnd.nextInt(9), false, 1 + (kw - 1) * dw, sw);
            return new SeparableCase(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), h, w, 1 + rnd.nextInt(4), kh, kw, sh, sw,
                    pad, dh, dw, 1 + rnd.nextInt(3), rnd.nextBoolean());
        }

        String source() {
            return model(c, h, w, "separable_conv(" + filters + ", (" + kh + ", " + kw + "), stride: (" + sh + ", "
                    + sw + "), pad: " + pad.text() + ", dilation: (" + dh + ", " + dw + "), depth_multiplier: "
                    + multiplier + ", bias: " + bias + ") as sc");
        }

        OpCheck.Reference reference() {
            ConvRef.Spec s = ConvRef.Spec.resolve(pad.padding(), h, w, kh, kw, new int[] {sh, sw},
                    new int[] {dh, dw}, 1);
            int oh = ConvRef.outputSize(h, s.padTop(), s.padBottom(), kh, dh, sh);
            int ow = ConvRef.outputSize(w, s.padLeft(), s.padRight(), kw, dw, sw);
            int mid = c * multiplier;
            return new OpCheck.Reference() {
                @Override
                public double[] forward(Map<String, double[]> d) {
                    return ConvRef.separableConv2d(Tensor.of(d.get("x"), batch, c, h, w),
                            Tensor.of(d.get("sc.depthwise.weight"), mid, 1, kh, kw),
                            Tensor.of(d.get("sc.pointwise.weight"), filters, mid, 1, 1),
                            bias ? Tensor.of(d.get("sc.pointwise.bias"), filters) : null, s).data();
                }

                @Override
                public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                    ConvRef.SeparableGrads g = ConvRef.separableConv2dBackward(Tensor.of(d.get("x"), batch, c, h, w),
                            Tensor.of(d.get("sc.depthwise.weight"), mid, 1, kh, kw),
                            Tensor.of(d.get("sc.pointwise.weight"), filters, mid, 1, 1), bias, s,
                            Tensor.of(dy, batch, filters, oh, ow));
                    Map<String, double[]> out = new LinkedHashMap<>();
                    out.put("x", g.dx().data());
                    out.put("sc.depthwise.weight", g.dDepthwise().data());
                    out.put("sc.pointwise.weight", g.dPointwise().data());
                    if (bias) {
                        out.put("sc.pointwise.bias", g.db().data());
                    }
                    return out;
                }
            };
        }

        @Override
        public String toString() {
            return "batch " + batch + ": " + source();
        }
    }

    /** {@code conv_transpose} on {@code batch × [c, h, w]}, layer {@code ct}. */
    record TransposeCase(int batch, int c, int h, int w, int filters, int kh, int kw, int sh, int sw, int ph, int pw,
                         int oph, int opw, int dh, int dw, int groups, boolean bias) {

        static TransposeCase random(Random rnd) {
            int g = randomGroups(rnd);
            int c = g * (1 + rnd.nextInt(3));
            int f = g * (1 + rnd.nextInt(3));
            int kh = 1 + rnd.nextInt(4);
            int kw = 1 + rnd.nextInt(4);
            int sh = 1 + rnd.nextInt(3);
            int sw = 1 + rnd.nextInt(3);
            int dh = dilation(rnd);
            int dw = dilation(rnd);
            int h = 1 + rnd.nextInt(5);
            int w = 1 + rnd.nextInt(5);
            // output_padding below the stride or the dilation; padding that leaves at least one output.
            int oph = rnd.nextInt(Math.max(sh, dh));
            int opw = rnd.nextInt(Math.max(sw, dw));
            int ph = Math.min(rnd.nextInt(3), ((h - 1) * sh + dh * (kh - 1) + oph) / 2);
            int pw = Math.min(rnd.nextInt(3), ((w - 1) * sw + dw * (kw - 1) + opw) / 2);
            return new TransposeCase(1 + rnd.nextInt(3), c, h, w, f, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, g,
                    rnd.nextBoolean());
        }

        String source() {
            return model(c, h, w, "conv_transpose(" + filters + ", (" + kh + ", " + kw + "), stride: (" + sh + ", "
                    + sw + "), pad: (" + ph + ", " + pw + "), output_padding: (" + oph + ", " + opw + "), dilation: ("
                    + dh + ", " + dw + "), groups: " + groups + ", bias: " + bias + ") as ct");
        }

        OpCheck.Reference reference() {
            ConvRef.TransposeSpec s = new ConvRef.TransposeSpec(sh, sw, ph, pw, oph, opw, dh, dw, groups);
            int oh = ConvRef.transposeOutputSize(h, sh, ph, kh, dh, oph);
            int ow = ConvRef.transposeOutputSize(w, sw, pw, kw, dw, opw);
            return new OpCheck.Reference() {
                @Override
                public double[] forward(Map<String, double[]> d) {
                    return ConvRef.convTranspose2d(x(d), weight(d), bias ? Tensor.of(d.get("ct.bias"), filters) : null,
                            s).data();
                }

                @Override
                public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                    ConvRef.Grads g = ConvRef.convTranspose2dBackward(x(d), weight(d), bias, s,
                            Tensor.of(dy, batch, filters, oh, ow));
                    Map<String, double[]> out = new LinkedHashMap<>();
                    out.put("x", g.dx().data());
                    out.put("ct.weight", g.dw().data());
                    if (bias) {
                        out.put("ct.bias", g.db().data());
                    }
                    return out;
                }
            };
        }

        private Tensor x(Map<String, double[]> d) {
            return Tensor.of(d.get("x"), batch, c, h, w);
        }

        private Tensor weight(Map<String, double[]> d) {
            return Tensor.of(d.get("ct.weight"), c, filters / groups, kh, kw);
        }

        @Override
        public String toString() {
            return "batch " + batch + ": " + source();
        }
    }
}
