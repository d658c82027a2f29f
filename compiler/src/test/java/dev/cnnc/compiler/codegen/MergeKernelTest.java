package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.reference.ActivationRef;
import dev.cnnc.compiler.reference.MergeRef;
import dev.cnnc.compiler.reference.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernels of softmax and log_softmax, add, mul (broadcasting) and concat, verified by {@link OpCheck}
 * against {@link ActivationRef} and {@link MergeRef}: odd and non-square shapes, batch 1, every
 * axis (negative too), two to four inputs, a value used twice by one op, and values that fan out
 * to two ops whose gradients must sum.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class MergeKernelTest {

    // ---------------------------------------------------------------- softmax, log_softmax

    static Stream<Arguments> softmaxCases() {
        return Stream.of(
                Arguments.of(new int[] {7}, 0, 3), Arguments.of(new int[] {7}, -1, 1),
                Arguments.of(new int[] {3, 4, 5}, 0, 2), Arguments.of(new int[] {3, 4, 5}, 1, 1),
                Arguments.of(new int[] {3, 4, 5}, 2, 2), Arguments.of(new int[] {2, 5, 3}, -1, 3),
                Arguments.of(new int[] {2, 5, 3}, -2, 1), Arguments.of(new int[] {5, 1, 3}, -3, 2),
                Arguments.of(new int[] {1, 3, 6}, 0, 2)); // an axis of length 1
    }

    @ParameterizedTest(name = "softmax {0} axis {1} batch {2}")
    @MethodSource("softmaxCases")
    void softmax(int[] shape, int axis, int batch) {
        softmaxCheck(false, shape, axis, batch, Large.NO, 101, true);
    }

    @ParameterizedTest(name = "log_softmax {0} axis {1} batch {2}")
    @MethodSource("softmaxCases")
    void logSoftmax(int[] shape, int axis, int batch) {
        softmaxCheck(true, shape, axis, batch, Large.NO, 202, true);
    }

    /** How the inputs of a softmax case are drawn around ±1000, where exp overflows without the max subtracted. */
    enum Large {
        /** Not large: uniform in [-3, 3]. */
        NO,
        /** Every sample all near +1000 or all near −1000. */
        PER_SAMPLE,
        /** +1000 and −1000 mixed within every lane: the smaller terms underflow to 0. */
        MIXED
    }

    @ParameterizedTest(name = "log {0}: stable around ±1000")
    @MethodSource("booleans")
    void softmaxIsStable(boolean log) {
        softmaxCheck(log, new int[] {4, 3, 5}, 0, 2, Large.PER_SAMPLE, 303, true);
        softmaxCheck(log, new int[] {6}, 0, 3, Large.PER_SAMPLE, 304, true);
        // Mixed lanes: log_softmax outputs near −2000 there, and central differences of Σ dy·y at that
        // magnitude carry a rounding error near 1e-6 (not the kernel's), so its gradient is compared with
        // the reference only.
        softmaxCheck(log, new int[] {4, 3, 5}, 1, 2, Large.MIXED, 305, !log);
        softmaxCheck(log, new int[] {6}, 0, 3, Large.MIXED, 306, !log);
        if (log) {
            logSoftmaxBackwardMixed(new int[] {4, 3, 5}, 1, 2, 307);
        }
    }

    /** log_softmax's gradient on mixed ±1000 lanes against the reference, fp64 within 1e-9, fp32 within 1e-4. */
    private static void logSoftmaxBackwardMixed(int[] shape, int axis, int batch, long seed) {
        int[] full = withBatch(batch, shape);
        Random rnd = new Random(seed);
        int n = Tensor.count(full);
        double[] x = new double[n];
        double[] dy = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (rnd.nextBoolean() ? 1000 : -1000) + Math.round((rnd.nextDouble() * 6 - 3) * 64) / 64.0;
            dy[i] = rnd.nextDouble() * 2 - 1;
        }
        double[] expected = ActivationRef.logSoftmaxBackward(Tensor.of(x, full), axis, Tensor.of(dy, full)).data();
        String src = "model M { input x: " + Arrays.toString(shape) + "  output y = x -> log_softmax(axis: " + axis
                + ") }";
        for (Precision p : Precision.values()) {
            try (KernelHarness h = new KernelHarness(KernelHarness.compile(src), batch, p, true)) {
                h.setInput(h.input(0), x);
                h.forward();
                h.backward(dy);
                OpCheck.assertClose("log_softmax gradient, mixed ±1000, " + p, expected, h.grad(h.input(0)),
                        p == Precision.FP64 ? 1e-9 : 1e-4, src);
            }
        }
    }

    static Stream<Boolean> booleans() {
        return Stream.of(false, true);
    }

    /**
     * Values {@code u} uniform in [-3, 3] rounded to 1/64, plus ±1000 as {@code large} says; the
     * rounding lets fp32 hold them exactly (near 1000 a float's spacing is 6e-5: the fp32 check then
     * measures the kernel, not the rounding of its inputs).
     */
    private static void softmaxCheck(boolean log, int[] shape, int axis, int batch, Large large, long seed,
                                     boolean checkBackward) {
        int[] full = withBatch(batch, shape);
        int perSample = Tensor.count(shape);
        String src = "model M { input x: " + Arrays.toString(shape) + "  output y = x -> "
                + (log ? "log_softmax" : "softmax") + "(axis: " + axis + ") }";
        OpCheck.Fill fill = (name, n, rnd) -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                double u = Math.round((rnd.nextDouble() * 6 - 3) * 64) / 64.0;
                switch (large) {
                    case PER_SAMPLE:
                        d[i] = (i / perSample % 2 == 0 ? 1000 : -1000) + u;
                        break;
                    case MIXED:
                        d[i] = (rnd.nextBoolean() ? 1000 : -1000) + u;
                        break;
                    default:
                        d[i] = u;
                }
            }
            return d;
        };
        OpCheck.verify(src, batch, seed + Arrays.hashCode(shape) + axis, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                Tensor x = Tensor.of(d.get("x"), full);
                return (log ? ActivationRef.logSoftmax(x, axis) : ActivationRef.softmax(x, axis)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                Tensor x = Tensor.of(d.get("x"), full);
                Tensor g = Tensor.of(dy, full);
                return Map.of("x", (log ? ActivationRef.logSoftmaxBackward(x, axis, g)
                        : ActivationRef.softmaxBackward(x, axis, g)).data());
            }
        }, fill, checkBackward);
    }

    // ---------------------------------------------------------------- add, mul, concat

    /** A merge of model inputs: {@code op(args..., axis)}; an input name may appear more than once in args. */
    record Merge(String op, Map<String, int[]> inputs, List<String> args, Integer axis, int batch) {
        String source() {
            StringBuilder s = new StringBuilder("model M {");
            inputs.forEach((name, shape) -> s.append("  input ").append(name).append(": ")
                    .append(Arrays.toString(shape)));
            s.append("  output y = ").append(op).append("(").append(String.join(", ", args));
            if (axis != null) {
                s.append(", axis: ").append(axis);
            }
            return s.append(") }").toString();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(op + "(");
            for (int i = 0; i < args.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(args.get(i)).append(Arrays.toString(inputs.get(args.get(i))));
            }
            return s.append(axis == null ? "" : ", axis " + axis).append(") batch ").append(batch).toString();
        }
    }

    private static Merge merge(String op, Integer axis, int batch, String args, Object... namesAndShapes) {
        Map<String, int[]> inputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            inputs.put((String) namesAndShapes[i], (int[]) namesAndShapes[i + 1]);
        }
        return new Merge(op, inputs, List.of(args.split(",\\s*")), axis, batch);
    }

    private static int[] s(int... dims) {
        return dims;
    }

    static Stream<Merge> merges() {
        return Stream.of(
                merge("add", null, 2, "a, b", "a", s(3, 5, 7), "b", s(3, 5, 7)),
                merge("add", null, 1, "a, b, c", "a", s(6), "b", s(6), "c", s(6)),
                merge("add", null, 3, "a, b, c, d", "a", s(2, 3, 1), "b", s(2, 3, 1), "c", s(2, 3, 1), "d",
                        s(2, 3, 1)),
                merge("add", null, 2, "a, a", "a", s(4, 3, 5)),
                merge("add", null, 1, "a, b, a", "a", s(2, 1, 3), "b", s(2, 1, 3)),
                merge("mul", null, 2, "a, b", "a", s(3, 5, 7), "b", s(3, 1, 1)),
                merge("mul", null, 1, "a, b", "a", s(3, 5, 7), "b", s(1, 5, 7)),
                merge("mul", null, 3, "a, b", "a", s(1, 5, 1), "b", s(4, 1, 6)),
                merge("mul", null, 2, "a, b", "a", s(3, 1, 1), "b", s(3, 4, 5)),
                merge("mul", null, 2, "a, b, c", "a", s(3, 5, 7), "b", s(3, 1, 1), "c", s(1, 5, 7)),
                merge("mul", null, 1, "a, b", "a", s(1, 1, 1), "b", s(2, 3, 4)),
                merge("mul", null, 2, "a, b", "a", s(6), "b", s(1)),
                merge("mul", null, 3, "a, b", "a", s(5), "b", s(5)),
                merge("mul", null, 2, "a, a", "a", s(2, 3, 4)),
                merge("mul", null, 2, "a, b, a", "a", s(3, 1, 1), "b", s(3, 4, 5)),
                merge("mul", null, 1, "a, b, c, d", "a", s(2, 1, 5), "b", s(1, 3, 1), "c", s(2, 3, 5), "d",
                        s(1, 1, 5)),
                merge("concat", 0, 2, "a, b", "a", s(3, 4, 5), "b", s(2, 4, 5)),
                merge("concat", 1, 1, "a, b, c", "a", s(3, 4, 5), "b", s(3, 1, 5), "c", s(3, 2, 5)),
                merge("concat", 2, 3, "a, b", "a", s(3, 4, 5), "b", s(3, 4, 2)),
                merge("concat", -1, 1, "a, b", "a", s(2, 3, 1), "b", s(2, 3, 4)),
                merge("concat", -2, 2, "a, b", "a", s(2, 3, 5), "b", s(2, 2, 5)),
                merge("concat", -3, 2, "a, b, c, d", "a", s(1, 3, 2), "b", s(2, 3, 2), "c", s(1, 3, 2), "d",
                        s(3, 3, 2)),
                merge("concat", 0, 3, "a, b", "a", s(5), "b", s(3)),
                merge("concat", 1, 2, "a, a", "a", s(2, 3, 3)),
                merge("concat", 0, 1, "b, a, b", "a", s(1, 2, 3), "b", s(2, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void merge(Merge m) {
        int batch = m.batch();
        OpCheck.verify(m.source(), batch, 400 + m.toString().hashCode(), new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return apply(m, args(m, d)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                Tensor[] xs = args(m, d);
                Tensor y = apply(m, xs);
                Tensor g = Tensor.of(dy, y.shape());
                Tensor[] gs;
                switch (m.op()) {
                    case "add":
                        gs = MergeRef.addBackward(xs.length, g);
                        break;
                    case "mul":
                        gs = MergeRef.mulBackward(xs, g);
                        break;
                    default:
                        int[][] shapes = new int[xs.length][];
                        for (int i = 0; i < xs.length; i++) {
                            shapes[i] = xs[i].shape();
                        }
                        gs = MergeRef.concatBackward(m.axis(), shapes, g);
                }
                // An input passed twice receives the sum of both arguments' gradients.
                Map<String, double[]> out = new LinkedHashMap<>();
                for (int i = 0; i < gs.length; i++) {
                    String name = m.args().get(i);
                    double[] prev = out.get(name);
                    out.put(name, prev == null ? gs[i].data() : gs[i].plus(Tensor.of(prev, gs[i].shape())).data());
                }
                return out;
            }
        });
    }

    private static Tensor[] args(Merge m, Map<String, double[]> d) {
        Tensor[] xs = new Tensor[m.args().size()];
        for (int i = 0; i < xs.length; i++) {
            String name = m.args().get(i);
            xs[i] = Tensor.of(d.get(name), withBatch(m.batch(), m.inputs().get(name)));
        }
        return xs;
    }

    private static Tensor apply(Merge m, Tensor[] xs) {
        switch (m.op()) {
            case "add":
                return MergeRef.add(xs);
            case "mul":
                return MergeRef.mul(xs);
            default:
                return MergeRef.concat(m.axis(), xs);
        }
    }

    // ---------------------------------------------------------------- fan-out

    /** One value feeding several ops whose results are merged: its gradient is the sum over the paths. */
    static Stream<Arguments> fanOuts() {
        return Stream.of(
                // y = relu(x) + sigmoid(x)
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = add(r, s)", 3, new int[] {2, 5, 7}),
                // y = relu(x) + sigmoid(x) + x (the residual path too)
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = add(r, s, x)", 1, new int[] {3, 4, 3}),
                // y = relu(x) + relu(x) + sigmoid(x): an input named twice gets 2 dy (one launch per input)
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = add(r, r, s)", 2, new int[] {2, 3, 5}),
                // y = relu(x) · sigmoid(x), broadcast-free
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = mul(r, s)", 2, new int[] {5}),
                // y = concat(relu(x), sigmoid(x), axis 0)
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = concat(r, s)", 2, new int[] {2, 3, 5}),
                // softmax of the sum: fan-out under a per-lane op
                Arguments.of("r = x -> relu  s = x -> sigmoid  output y = add(r, s) -> softmax(axis: 1)", 2,
                        new int[] {2, 3, 5}));
    }

    @ParameterizedTest(name = "{0} {2} batch {1}")
    @MethodSource("fanOuts")
    void fanOut(String body, int batch, int[] shape) {
        int[] full = withBatch(batch, shape);
        String src = "model M { input x: " + Arrays.toString(shape) + "  " + body + " }";
        // Away from relu's kink at 0, where finite differences are meaningless.
        OpCheck.Fill fill = (name, n, rnd) -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                double v;
                do {
                    v = rnd.nextDouble() * 6 - 3;
                } while (Math.abs(v) < 1e-2);
                d[i] = v;
            }
            return d;
        };
        OpCheck.verify(src, batch, 500 + body.hashCode(), new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return fanOutForward(body, Tensor.of(d.get("x"), full)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                return Map.of("x", fanOutBackward(body, Tensor.of(d.get("x"), full), dy).data());
            }
        }, fill, true);
    }

    private static Tensor fanOutForward(String body, Tensor x) {
        Tensor r = ActivationRef.forward(ActivationRef.Kind.RELU, 0, x);
        Tensor s = ActivationRef.forward(ActivationRef.Kind.SIGMOID, 0, x);
        if (body.endsWith("add(r, s)")) {
            return MergeRef.add(r, s);
        } else if (body.endsWith("add(r, s, x)")) {
            return MergeRef.add(r, s, x);
        } else if (body.endsWith("add(r, r, s)")) {
            return MergeRef.add(r, r, s);
        } else if (body.endsWith("mul(r, s)")) {
            return MergeRef.mul(r, s);
        } else if (body.endsWith("concat(r, s)")) {
            return MergeRef.concat(0, r, s);
        }
        return ActivationRef.softmax(MergeRef.add(r, s), 1);
    }

    /** The gradient of x, by the chain rule written out per path and summed. */
    private static Tensor fanOutBackward(String body, Tensor x, double[] dyData) {
        Tensor r = ActivationRef.forward(ActivationRef.Kind.RELU, 0, x);
        Tensor s = ActivationRef.forward(ActivationRef.Kind.SIGMOID, 0, x);
        Tensor dr;
        Tensor ds;
        Tensor dx = x.zerosLike();
        if (body.endsWith("add(r, s)") || body.endsWith("add(r, s, x)")) {
            Tensor dy = Tensor.of(dyData, x.shape());
            dr = dy;
            ds = dy;
            if (body.endsWith("x)")) {
                dx = dy.copy();
            }
        } else if (body.endsWith("add(r, r, s)")) {
            Tensor dy = Tensor.of(dyData, x.shape());
            dr = dy.scale(2);
            ds = dy;
        } else if (body.endsWith("mul(r, s)")) {
            Tensor dy = Tensor.of(dyData, x.shape());
            Tensor[] g = MergeRef.mulBackward(new Tensor[] {r, s}, dy);
            dr = g[0];
            ds = g[1];
        } else if (body.endsWith("concat(r, s)")) {
            int[] shape = MergeRef.concat(0, r, s).shape();
            Tensor[] g = MergeRef.concatBackward(0, new int[][] {x.shape(), x.shape()}, Tensor.of(dyData, shape));
            dr = g[0];
            ds = g[1];
        } else {
            Tensor dsum = ActivationRef.softmaxBackward(MergeRef.add(r, s), 1, Tensor.of(dyData, x.shape()));
            dr = dsum;
            ds = dsum;
        }
        return dx.plus(ActivationRef.backward(ActivationRef.Kind.RELU, 0, x, dr))
                .plus(ActivationRef.backward(ActivationRef.Kind.SIGMOID, 0, x, ds));
    }

    static int[] withBatch(int batch, int[] shape) {
        int[] full = new int[shape.length + 1];
        full[0] = batch;
        System.arraycopy(shape, 0, full, 1, shape.length);
        return full;
    }
}
