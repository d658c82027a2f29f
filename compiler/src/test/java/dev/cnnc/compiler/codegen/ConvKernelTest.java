package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.ConvCases.ConvCase;
import dev.cnnc.compiler.codegen.ConvCases.Pad;
import dev.cnnc.compiler.codegen.ConvCases.SeparableCase;
import dev.cnnc.compiler.codegen.ConvCases.TransposeCase;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.reference.ConvRef;
import dev.cnnc.compiler.reference.Tensor;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kernels of {@code conv}, {@code separable_conv} and {@code conv_transpose}, verified by
 * {@link OpCheck} against {@link ConvRef}: hand-picked cases that cover every option (each
 * padding mode, asymmetric {@code same} at stride 2, stride larger than the kernel, dilation,
 * groups and depthwise, bias on and off, batch 1, non-square inputs and kernels), and seeded
 * random geometries. Plus: gradients accumulate into their buffers (fan-out), the input
 * gradient is skipped when not wanted, inference-mode lowering, and chains of these ops.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ConvKernelTest {

    // ---------------------------------------------------------------- conv

    static Stream<ConvCase> convCases() {
        List<ConvCase> cases = new ArrayList<>(List.of(
                // batch, C, H, W, F, kernel, stride, pad, dilation, groups, bias
                // batch 1, non-square input and kernel, asymmetric `same` at stride (2, 1)
                new ConvCase(1, 2, 7, 5, 3, 3, 2, 2, 1, Pad.SAME, 1, 1, 1, false),
                // asymmetric `same` at stride 2: 8x6 input, 3x3 kernel pads (0, 1) x (0, 1)
                new ConvCase(2, 2, 8, 6, 3, 3, 3, 2, 2, Pad.SAME, 1, 1, 1, true),
                // even kernel (4, 2) at stride 2, same: 7x9 pads (1, 2) x (0, 1)
                new ConvCase(1, 1, 7, 9, 2, 4, 2, 2, 2, Pad.SAME, 1, 1, 1, true),
                // stride larger than the kernel (pixels skipped entirely)
                new ConvCase(1, 3, 11, 8, 2, 1, 2, 4, 3, Pad.explicit(1, 0), 1, 1, 1, false),
                // dilation (non-square), full and explicit padding
                new ConvCase(2, 2, 6, 7, 3, 3, 3, 1, 1, Pad.FULL, 2, 2, 1, true),
                new ConvCase(1, 2, 9, 8, 2, 3, 2, 1, 2, Pad.explicit(1, 2), 2, 3, 1, true),
                // groups, depthwise, depthwise with a multiplier
                new ConvCase(2, 4, 6, 5, 6, 3, 3, 1, 1, Pad.explicit(1, 1), 1, 1, 2, true),
                new ConvCase(2, 3, 7, 7, 3, 3, 3, 2, 2, Pad.SAME, 1, 1, 3, false),
                new ConvCase(3, 6, 5, 5, 9, 2, 3, 1, 2, Pad.FULL, 1, 2, 3, true),
                // padding larger than the kernel (border outputs see only padding), 1x1 kernel
                new ConvCase(1, 2, 4, 3, 2, 1, 1, 1, 1, Pad.explicit(2, 3), 1, 1, 1, true),
                // the kernel covers the whole input: one output position
                new ConvCase(3, 2, 4, 5, 3, 4, 5, 1, 1, Pad.VALID, 1, 1, 1, true)));
        Random rnd = new Random(20240611L);
        for (int i = 0; i < 4; i++) {
            cases.add(ConvCase.random(rnd));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convCases")
    void conv(ConvCase c) {
        OpCheck.verify(c.source(), c.batch(), c.source().hashCode(), c.reference());
    }

    /**
     * Convolutions with one group run as im2col + GEMM: these are wide enough for the GEMM's
     * 8x16 vector tiles and their edges, and run with a small im2col limit so that the batch
     * is processed in chunks of one or two samples (offsets into x, y, dx and dy).
     */
    static Stream<ConvCase> gemmCases() {
        return Stream.of(
                // 3x3 pad 1: K = 45, P = 120, F = 20 (two row tiles, the second partial)
                new ConvCase(3, 5, 10, 12, 20, 3, 3, 1, 1, Pad.explicit(1, 1), 1, 1, 1, true),
                // 1x1 stride 1 unpadded: no im2col, x and dx used in place
                new ConvCase(5, 3, 9, 9, 20, 1, 1, 1, 1, Pad.VALID, 1, 1, 1, false),
                // strided, dilated, asymmetric same, 17 filters
                new ConvCase(2, 3, 13, 11, 17, 3, 2, 2, 1, Pad.SAME, 2, 1, 1, true),
                // stride 1 (implicit products): rows of 8 (two rows per vector, an odd row count), 9 filters
                new ConvCase(2, 3, 7, 8, 9, 3, 3, 1, 1, Pad.explicit(1, 1), 1, 1, 1, true),
                // rows of 3 (pieces of 4, four rows per vector)
                new ConvCase(2, 2, 6, 3, 4, 3, 3, 1, 1, Pad.SAME, 1, 1, 1, false),
                // rows of 40: three pieces of 16, the last 8 wide; a 3x5 kernel, explicit padding
                new ConvCase(2, 2, 4, 40, 11, 3, 5, 1, 1, Pad.explicit(1, 2), 1, 1, 1, true),
                // dilation 2 over rows of 20, asymmetric same padding
                new ConvCase(2, 3, 9, 20, 6, 2, 3, 1, 1, Pad.SAME, 2, 2, 1, true),
                // 7x7 (taps in a loop over kernel rows), rows of 18
                new ConvCase(1, 2, 9, 18, 5, 7, 7, 1, 1, Pad.explicit(3, 3), 1, 1, 1, true),
                // one channel, four filters, batch 4: the weight gradient's samples split into parts
                new ConvCase(4, 1, 12, 16, 4, 3, 3, 1, 1, Pad.VALID, 1, 1, 1, true),
                // stride 2 (input gradient: an implicit GEMM over dy upsampled by 2): ResNet's 3x3 pad 1
                // over an even size, whose last row and column only one tap reaches
                new ConvCase(2, 3, 8, 8, 6, 3, 3, 2, 2, Pad.explicit(1, 1), 1, 1, 1, false),
                // ResNet's 1x1 stride 2 projection shortcut (wᵀ · dy and col2im): every other row and
                // column gets no gradient
                new ConvCase(2, 4, 8, 6, 5, 1, 1, 2, 2, Pad.VALID, 1, 1, 1, false),
                // stride 2 unpadded over odd sizes, rows of 20 (two pieces)
                new ConvCase(2, 2, 9, 20, 4, 3, 3, 2, 2, Pad.VALID, 1, 1, 1, true),
                // stride 3 (more zeros than the upsampled form allows: wᵀ · dy and col2im)
                new ConvCase(1, 2, 10, 11, 3, 3, 3, 3, 3, Pad.explicit(1, 1), 1, 1, 1, true),
                // stride 2 with padding wider than the kernel reaches (also wᵀ · dy and col2im)
                new ConvCase(2, 2, 7, 7, 3, 3, 3, 2, 2, Pad.explicit(3, 3), 1, 1, 1, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gemmCases")
    void convAsGemm(ConvCase c) {
        OpCheck.verify(c.source(), c.batch(), c.source().hashCode(), c.reference());
    }

    @ParameterizedTest(name = "chunked: {0}")
    @MethodSource("gemmCases")
    void convAsGemmInChunks(ConvCase c) {
        // room for one sample's im2col matrix (K·P ≥ 500) or two (the 1x1 case, K·P = 243: chunks 2, 2, 1)
        dev.cnnc.compiler.codegen.kernels.ConvKernels.withColumnLimit(500,
                () -> OpCheck.verify(c.source(), c.batch(), c.source().hashCode(), c.reference()));
    }

    // ---------------------------------------------------------------- separable_conv

    static Stream<SeparableCase> separableCases() {
        List<SeparableCase> cases = new ArrayList<>(List.of(
                // batch, C, H, W, F, kernel, stride, pad, dilation, depth multiplier, bias
                // batch 1, non-square input and kernel, asymmetric `same`; stride 2 with multiplier 3;
                // stride larger than the kernel; dilation with full padding
                new SeparableCase(1, 2, 7, 5, 3, 3, 2, 2, 1, Pad.SAME, 1, 1, 2, false),
                new SeparableCase(2, 2, 8, 6, 5, 3, 3, 2, 2, Pad.SAME, 1, 1, 3, true),
                new SeparableCase(1, 3, 9, 10, 2, 2, 2, 3, 3, Pad.explicit(1, 2), 1, 1, 1, true),
                new SeparableCase(2, 2, 9, 8, 3, 3, 2, 1, 2, Pad.FULL, 2, 3, 2, true)));
        Random rnd = new Random(77L);
        for (int i = 0; i < 2; i++) {
            cases.add(SeparableCase.random(rnd));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("separableCases")
    void separableConv(SeparableCase c) {
        OpCheck.verify(c.source(), c.batch(), c.source().hashCode(), c.reference());
    }

    // ---------------------------------------------------------------- conv_transpose

    static Stream<TransposeCase> transposeCases() {
        List<TransposeCase> cases = new ArrayList<>(List.of(
                // batch, C, H, W, F, kernel, stride, pad, output padding, dilation, groups, bias
                // batch 1, non-square input and kernel, output padding, no bias
                new TransposeCase(1, 2, 3, 5, 3, 3, 2, 2, 1, 1, 0, 1, 0, 1, 1, 1, false),
                // the usual 2x upsampling: kernel 4, stride 2, pad 1
                new TransposeCase(2, 4, 3, 4, 2, 4, 4, 2, 2, 1, 1, 0, 0, 1, 1, 1, true),
                // stride larger than the kernel (output pixels that no input reaches: bias only)
                new TransposeCase(1, 2, 3, 4, 2, 2, 2, 3, 4, 0, 1, 2, 3, 1, 1, 1, true),
                // dilation, with output padding allowed by the dilation rather than the stride
                new TransposeCase(2, 2, 4, 3, 3, 3, 2, 1, 2, 1, 0, 1, 1, 2, 3, 1, true),
                // groups and depthwise
                new TransposeCase(2, 4, 3, 3, 6, 3, 3, 2, 2, 1, 1, 1, 0, 1, 1, 2, true),
                new TransposeCase(1, 3, 4, 5, 3, 2, 3, 1, 2, 0, 1, 0, 1, 2, 1, 3, false),
                new TransposeCase(3, 6, 2, 3, 9, 3, 2, 3, 1, 2, 0, 1, 0, 1, 2, 3, true)));
        Random rnd = new Random(4099L);
        for (int i = 0; i < 2; i++) {
            cases.add(TransposeCase.random(rnd));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transposeCases")
    void convTranspose(TransposeCase c) {
        OpCheck.verify(c.source(), c.batch(), c.source().hashCode(), c.reference());
    }

    // ---------------------------------------------------------------- beyond one op

    /** Inference-mode lowering (no backward program) runs the same forward kernels. */
    @Test
    void inferenceForward() {
        ConvCase conv = new ConvCase(2, 4, 7, 6, 6, 3, 2, 2, 1, Pad.SAME, 1, 2, 2, true);
        OpCheck.verify(conv.source(), conv.batch(), 1, conv.reference(), OpCheck.UNIFORM, false);
        SeparableCase sep = new SeparableCase(2, 2, 7, 6, 3, 3, 3, 2, 1, Pad.SAME, 1, 1, 2, true);
        OpCheck.verify(sep.source(), sep.batch(), 2, sep.reference(), OpCheck.UNIFORM, false);
        TransposeCase tr = new TransposeCase(2, 2, 3, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, true);
        OpCheck.verify(tr.source(), tr.batch(), 3, tr.reference(), OpCheck.UNIFORM, false);
    }

    /**
     * Gradients add into their buffers (so a value that fans out sums them): running the backward
     * phase a second time without zeroing doubles every gradient. For separable_conv this also
     * shows that its private intermediate gradient is overwritten, not accumulated, by each run.
     */
    @Test
    void backwardAccumulates() {
        for (String src : List.of(
                new ConvCase(2, 4, 6, 5, 6, 3, 2, 2, 1, Pad.SAME, 1, 1, 2, true).source(),
                new SeparableCase(2, 2, 6, 7, 3, 3, 3, 2, 1, Pad.SAME, 1, 2, 2, true).source(),
                new TransposeCase(2, 2, 3, 4, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, true).source())) {
            Graph g = KernelHarness.compile(src);
            int batch = 2;
            Random rnd = new Random(src.hashCode());
            // Backward runs twice after one forward: outside the memory plan's phase order, so unplanned.
            try (KernelHarness h = new KernelHarness(g, batch, Precision.FP64, true, false)) {
                Map<String, Integer> sizes = load(h, batch, rnd);
                h.forward();
                h.backward(Tensor.random(rnd, batch * (int) h.output().shape().elements()).data());
                Map<String, double[]> once = gradients(h, sizes);
                h.executor.run(Lowered.BACKWARD);
                Map<String, double[]> twice = gradients(h, sizes);
                for (Map.Entry<String, double[]> e : once.entrySet()) {
                    double[] doubled = e.getValue().clone();
                    for (int i = 0; i < doubled.length; i++) {
                        doubled[i] *= 2;
                    }
                    OpCheck.assertClose("second backward of " + e.getKey(), doubled, twice.get(e.getKey()), 1e-12,
                            src);
                }
            }
        }
    }

    /**
     * Without input gradients (the model input needs none) no input-gradient kernel is launched for
     * the first layer, while the second layer still passes its gradient back to the first.
     */
    @Test
    void inputGradientOnlyWhenWanted() {
        String src = "model M { input x: [2, 6, 6]  output y = x -> conv(3, 3, pad: same) as a"
                + " -> separable_conv(4, 3, stride: 2) as b -> conv_transpose(2, 2, stride: 2) as c }";
        Lowered l = Lowering.lower(KernelHarness.compile(src),
                Lowering.Options.builder().batch(1).training(true).build());
        // each launch as "layer: kernel family" (the kernel's name without the hash of its text)
        List<String> kernels = new ArrayList<>();
        for (Program.Launch launch : l.program().phases().get(Lowered.BACKWARD)) {
            kernels.add(launch.origin().replace(" backward", "") + ": "
                    + launch.kernel().replaceAll("_[0-9a-f]{8,}(?=_|$)", ""));
        }
        // a (stride 1, one group: an implicit product): the weight gradient only, no input gradient
        // (no padding of dy, no forward-shaped product of it, no col2im).
        assertEquals(List.of("a: conv_pad_pad", "a: conv_implicit_weight", "a: conv_gemm_bias_blocks",
                "a: conv_gemm_bias_sum"), kernels.stream().filter(k -> k.startsWith("a: ")).toList());
        // b: its pointwise pass writes the intermediate gradient (a GEMM, beside the weight's
        // implicit product), its depthwise pass (direct kernels) the gradient of a.
        assertEquals(1, kernels.stream().filter(k -> k.startsWith("b: ") && k.endsWith("_gemm")).count(),
                kernels::toString);
        assertEquals(1, kernels.stream().filter(k -> k.startsWith("b: ") && k.endsWith("_implicit_weight"))
                .count(), kernels::toString);
        assertEquals(1, kernels.stream().filter(k -> k.startsWith("b: ") && k.endsWith("_backward_input")).count(),
                kernels::toString);
        assertEquals(1, kernels.stream().filter(k -> k.startsWith("c: ") && k.endsWith("_backward_input")).count(),
                kernels::toString);
    }

    /**
     * A small encoder-decoder through all three ops, against the composed references: gradients
     * flow from one node's input gradient into the next node's backward rule.
     */
    @Test
    void chain() {
        int batch = 2;
        String src = "model M { input x: [2, 7, 6]"
                + "  output y = x -> conv(4, 3, stride: 2, pad: same, groups: 2) as a"
                + " -> separable_conv(3, (2, 3), pad: full, depth_multiplier: 2) as b"
                + " -> conv_transpose(2, 3, stride: 2, pad: 1, output_padding: 1) as c }";
        ConvRef.Spec sa = ConvRef.Spec.resolve(new Padding(Padding.Mode.SAME, 0, 0), 7, 6, 3, 3, new int[] {2, 2},
                new int[] {1, 1}, 2);
        // a's output is [4, 4, 3]
        ConvRef.Spec sb = ConvRef.Spec.resolve(new Padding(Padding.Mode.FULL, 0, 0), 4, 3, 2, 3, new int[] {1, 1},
                new int[] {1, 1}, 1);
        ConvRef.TransposeSpec sc = new ConvRef.TransposeSpec(2, 2, 1, 1, 1, 1, 1, 1, 1);
        OpCheck.verify(src, batch, 5, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return run(d).get(3).data();
            }

            private List<Tensor> run(Map<String, double[]> d) {
                Tensor x = Tensor.of(d.get("x"), batch, 2, 7, 6);
                Tensor ya = ConvRef.conv2d(x, Tensor.of(d.get("a.weight"), 4, 1, 3, 3),
                        Tensor.of(d.get("a.bias"), 4), sa);
                Tensor yb = ConvRef.separableConv2d(ya, Tensor.of(d.get("b.depthwise.weight"), 8, 1, 2, 3),
                        Tensor.of(d.get("b.pointwise.weight"), 3, 8, 1, 1), Tensor.of(d.get("b.pointwise.bias"), 3),
                        sb);
                Tensor yc = ConvRef.convTranspose2d(yb, Tensor.of(d.get("c.weight"), 3, 2, 3, 3),
                        Tensor.of(d.get("c.bias"), 2), sc);
                return List.of(x, ya, yb, yc);
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                List<Tensor> t = run(d);
                ConvRef.Grads gc = ConvRef.convTranspose2dBackward(t.get(2), Tensor.of(d.get("c.weight"), 3, 2, 3, 3),
                        true, sc, Tensor.of(dy, t.get(3).shape()));
                ConvRef.SeparableGrads gb = ConvRef.separableConv2dBackward(t.get(1),
                        Tensor.of(d.get("b.depthwise.weight"), 8, 1, 2, 3),
                        Tensor.of(d.get("b.pointwise.weight"), 3, 8, 1, 1), true, sb, gc.dx());
                ConvRef.Grads ga = ConvRef.conv2dBackward(t.get(0), Tensor.of(d.get("a.weight"), 4, 1, 3, 3), true, sa,
                        gb.dx());
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("x", ga.dx().data());
                out.put("a.weight", ga.dw().data());
                out.put("a.bias", ga.db().data());
                out.put("b.depthwise.weight", gb.dDepthwise().data());
                out.put("b.pointwise.weight", gb.dPointwise().data());
                out.put("b.pointwise.bias", gb.db().data());
                out.put("c.weight", gc.dw().data());
                out.put("c.bias", gc.db().data());
                return out;
            }
        });
    }

    /** Uniform data for every input and float parameter; returns the element counts by name. */
    private static Map<String, Integer> load(KernelHarness h, int batch, Random rnd) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Value v : h.graph.inputs()) {
            int n = batch * (int) v.shape().elements();
            h.setInput(v, Tensor.random(rnd, n).data());
            sizes.put(v.name(), n);
        }
        for (Param p : h.graph.params()) {
            int n = (int) p.elements();
            h.setParam(p.name(), Tensor.random(rnd, n).data());
            sizes.put(p.name(), n);
        }
        return sizes;
    }

    private static Map<String, double[]> gradients(KernelHarness h, Map<String, Integer> sizes) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Value v : h.graph.inputs()) {
            out.put(v.name(), h.grad(v));
        }
        for (Param p : h.graph.params()) {
            out.put(p.name(), h.paramGrad(p.name(), sizes.get(p.name())));
        }
        return out;
    }
}
