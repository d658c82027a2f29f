package dev.cnnc.compiler.ops;

import static dev.cnnc.compiler.ops.OneOp.dims;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ir.Param;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The op definitions as a whole (registry, options, defaults) and the rules the PyTorch
 * fixture cannot show: TensorFlow-style `same` padding, options PyTorch does not have,
 * and the exact messages for invalid options and inputs.
 */
class OpRulesTest {

    // ------------------------------------------------------------------ registry and options

    @Test
    void registryNamesAreUniqueAndLookedUp() {
        OpRegistry reg = OpRegistry.standard();
        Set<String> seen = new HashSet<>();
        for (OpDef op : reg.all()) {
            assertTrue(seen.add(op.name()), "twice: " + op.name());
            assertTrue(op.name().matches("[a-z][a-z0-9_]*"), op.name());
            assertEquals(op, reg.lookup(op.name()));
            assertFalse(op.summary().isBlank(), op.name() + " summary");
            assertTrue(op.minInputs() >= 1 && op.maxInputs() >= op.minInputs(), op.name());
        }
        assertEquals(reg.names(), reg.all().stream().map(OpDef::name).toList());
    }

    /** Every default has the Java type the binder produces for its kind, so ops can read it back. */
    @Test
    void defaultsMatchTheirKinds() {
        for (OpDef op : OpRegistry.standard().all()) {
            Set<String> names = new HashSet<>();
            for (AttrSpec a : op.attrs()) {
                String where = op.name() + "." + a.name();
                assertTrue(names.add(a.name()), "option twice: " + where);
                Object d = a.defaultValue();
                if (a.isRequired()) {
                    assertEquals(null, d, where);
                    continue;
                }
                if (d == null) {
                    continue;
                }
                switch (a.kind()) {
                    case INT -> assertInstanceOf(Integer.class, d, where);
                    case FLOAT -> assertInstanceOf(Double.class, d, where);
                    case BOOL -> assertInstanceOf(Boolean.class, d, where);
                    case PAIR -> assertEquals(2, ((int[]) d).length, where);
                    case PADDING -> assertInstanceOf(Padding.class, d, where);
                    default -> {
                    }
                }
                if (d instanceof Number n) {
                    assertEquals(null, a.checkRange(n.doubleValue()), "default out of range: " + where);
                }
                if (d instanceof int[] pair) {
                    for (int v : pair) {
                        assertEquals(null, a.checkRange(v), "default out of range: " + where);
                    }
                }
            }
        }
    }

    /** Positional order as documented (`cnnc ops`); sources rely on it. */
    @Test
    void positionalOrder() {
        OpRegistry reg = OpRegistry.standard();
        assertEquals(List.of("filters", "kernel", "stride", "pad", "dilation", "groups", "bias", "init"), names(reg, "conv"));
        assertEquals(List.of("filters", "kernel", "stride", "pad", "dilation", "depth_multiplier", "bias", "init"),
                names(reg, "separable_conv"));
        assertEquals(List.of("filters", "kernel", "stride", "pad", "output_padding", "dilation", "groups", "bias", "init"),
                names(reg, "conv_transpose"));
        assertEquals(List.of("units", "bias", "init"), names(reg, "dense"));
        assertEquals(List.of("kernel", "stride", "pad", "dilation", "ceil_mode"), names(reg, "maxpool"));
        assertEquals(List.of("kernel", "stride", "pad", "ceil_mode", "count_include_pad"), names(reg, "avgpool"));
        assertEquals(List.of("output_size"), names(reg, "adaptive_avgpool"));
        assertEquals(List.of("kernel", "output_size", "ratio"), names(reg, "fractional_maxpool"));
        assertEquals(List.of("eps", "momentum", "affine"), names(reg, "batchnorm"));
        assertEquals(List.of("eps", "affine"), names(reg, "layernorm"));
        assertEquals(List.of("p"), names(reg, "dropout"));
        assertEquals(List.of("axis"), names(reg, "softmax"));
        assertEquals(List.of("axis"), names(reg, "concat"));
        assertEquals(List.of("alpha"), names(reg, "leaky_relu"));
    }

    private static List<String> names(OpRegistry reg, String op) {
        return reg.lookup(op).attrs().stream().map(AttrSpec::name).toList();
    }

    /**
     * Every optional option of every op is written by name in some fixture case, so a new
     * option fails here until it has cases. ({@code init} has its own test below.)
     */
    @Test
    void everyOptionIsExercisedByName() throws IOException {
        List<ShapeCasesTest.Case> cases = ShapeCasesTest.load();
        List<String> missing = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) {
            for (AttrSpec a : op.attrs()) {
                if (a.isRequired() || a.name().equals("init")) {
                    continue;
                }
                boolean used = cases.stream().anyMatch(c -> c.op().equals(op.name())
                        && c.output() != null && c.args().matches("(^|.*, )" + a.name() + ": .*"));
                if (!used) {
                    missing.add(op.name() + "." + a.name());
                }
            }
        }
        assertEquals(List.of(), missing, "options never written by name in an accepted case of "
                + ShapeCasesTest.FIXTURE);
    }

    /**
     * Every option can be written by name: none is a keyword of the language (an option once
     * called {@code output} could only be given positionally, as `output` is a keyword).
     */
    @Test
    void everyOptionNameParses() {
        List<String> unwritable = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) {
            for (AttrSpec a : op.attrs()) {
                String source = "model M {\n  input x0: [3, 8, 8]\n  output y = x0 -> " + op.name() + "(" + a.name()
                        + ": 1) as l\n}\n";
                Compilation c = OneOp.check(source);
                if (c.diagnostics().all().stream().anyMatch(d -> d.message().startsWith("syntax error"))) {
                    unwritable.add(op.name() + "." + a.name());
                }
            }
        }
        assertEquals(List.of(), unwritable, "options that cannot be written `name: value`");
    }

    /** The names users bring from PyTorch and Keras lead to registered ops. */
    @Test
    void foreignNamesLeadToRegisteredOps() {
        OpRegistry reg = OpRegistry.standard();
        for (String foreign : List.of("Conv2d", "linear", "MaxPool2d", "AvgPool2d", "BatchNorm2d", "LeakyReLU",
                "ConvTranspose2d", "SeparableConv2D", "Dropout2d", "cat", "GlobalAveragePooling2D",
                "AdaptiveAvgPool2d", "depthwise_conv", "layer_norm", "multiply", "view")) {
            String ours = reg.foreignName(foreign);
            assertNotNull(ours, foreign);
            assertNotNull(reg.lookup(ours), foreign + " -> " + ours);
        }
        assertEquals(null, reg.foreignName("conv"), "cnnc's own names are not foreign");
    }

    // ------------------------------------------------------------------ rules beyond the fixture

    /** TensorFlow `same`: output ⌈H/s⌉, total padding (out−1)·s + K_eff − H, odd pixel at the end. */
    @Test
    void samePaddingFollowsTensorFlow() {
        Padding same = new Padding(Padding.Mode.SAME, 0, 0);
        assertArrayEquals(new int[] {1, 2, 1, 1}, same.resolve(7, 8, 4, 4, 2, 2), "H: 4 out, 3 total; W: 4 out, 2 total");
        assertArrayEquals(new int[] {1, 1, 2, 2}, same.resolve(5, 5, 3, 5, 1, 1), "stride 1: K_eff − 1");
        assertArrayEquals(new int[] {0, 0, 0, 0}, same.resolve(6, 6, 1, 1, 3, 3), "never negative (−2 here)");
        assertArrayEquals(new int[] {0, 0, 0, 1}, same.resolve(7, 7, 1, 2, 3, 3), "W: 3 out, total 1, at the end");
        assertArrayEquals(new int[] {2, 2, 2, 2}, same.resolve(9, 9, 5, 5, 1, 1), "dilated K 3, r 2: K_eff 5");
        assertArrayEquals(new int[] {0, 0, 0, 0}, same.resolve(8, 8, 2, 2, 2, 2), "kernel = stride needs none");
        Padding full = new Padding(Padding.Mode.FULL, 0, 0);
        assertArrayEquals(new int[] {4, 4, 2, 2}, full.resolve(3, 3, 5, 3, 1, 1));
        assertArrayEquals(new int[] {1, 1, 2, 2}, Padding.explicit(1, 2).resolve(3, 3, 5, 3, 1, 1));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                // same at stride 1 keeps H and W for odd and even kernels, dilated or not
                Arguments.of("conv", "4, (2, 5), pad: same", dims(3, 7, 10), dims(4, 7, 10)),
                Arguments.of("conv", "4, 3, pad: same, dilation: (2, 3)", dims(3, 9, 11), dims(4, 9, 11)),
                // same at stride s gives ⌈H/s⌉
                Arguments.of("conv", "4, 3, stride: (2, 3), pad: same", dims(3, 9, 11), dims(4, 5, 4)),
                Arguments.of("separable_conv", "8, 5, stride: 4, pad: same", dims(3, 17, 16), dims(8, 5, 4)),
                // full pads K_eff − 1: H + K_eff − 1
                Arguments.of("conv", "4, (3, 1), pad: full, dilation: 2", dims(3, 4, 4), dims(4, 8, 4)),
                // stride defaults to the kernel for pooling, not to 1
                Arguments.of("maxpool", "(2, 3)", dims(3, 8, 9), dims(3, 4, 3)),
                Arguments.of("avgpool", "3, pad: 1", dims(3, 8, 9), dims(3, 3, 3)),
                // transposed: (H − 1)·s − 2p + r·(K − 1) + output_padding + 1
                Arguments.of("conv_transpose", "4, (3, 4), stride: (2, 3), pad: (1, 0), output_padding: (1, 2), "
                        + "dilation: (2, 1)", dims(2, 5, 6), dims(4, 12, 21)),
                // softmax and normalizations keep the shape; flatten is C-order
                Arguments.of("softmax", "axis: 1", dims(3, 4, 5), dims(3, 4, 5)),
                Arguments.of("flatten", "", dims(16, 5, 5), dims(400)),
                Arguments.of("global_maxpool", "", dims(7, 3, 2), dims(7, 1, 1)),
                Arguments.of("adaptive_avgpool", "(9, 1)", dims(2, 3, 4), dims(2, 9, 1)));
    }

    @ParameterizedTest(name = "{0}({1}) on {2}")
    @MethodSource("shapes")
    void outputShape(String op, String args, int[] in, int[] out) {
        Graph g = OneOp.graph(op, args, in);
        assertArrayEquals(out, g.outputs().get("y").shape().dims(), () -> g.dump());
    }

    @Test
    void mulBroadcastsEqualRankShapesAsPyTorch() {
        // [N, 4, 5, 6] * [N, 6] does not broadcast in PyTorch (the batch is aligned too): an error.
        Compilation bad = OneOp.check("mul", "", dims(4, 5, 6), dims(6));
        assertFalse(bad.ok());
        assertTrue(OneOp.errors(bad).contains("have different ranks"), OneOp.errors(bad));
        Graph g = OneOp.graph("mul", "", dims(1, 5, 1), dims(4, 1, 6), dims(4, 1, 1));
        assertArrayEquals(dims(4, 5, 6), g.outputs().get("y").shape().dims());
    }

    @Test
    void initAppliesToWeightsNotBiases() {
        Node n = OneOp.node("conv", "8, 3, init: he_normal", dims(3, 9, 9));
        Param w = n.params().get(0);
        Param b = n.params().get(1);
        assertEquals("l.weight", w.name());
        assertEquals("he_normal", w.init().name());
        assertEquals("l.bias", b.name());
        assertEquals("default", b.init().name());
        assertEquals(27, b.init().options().i("fan_in"), "bias bound from the weight's fan-in C/g·K·K");
        n = OneOp.node("dense", "10, init: normal(std: 0.02)", dims(84));
        assertEquals("normal", n.params().get(0).init().name());
        assertEquals(0.02, n.params().get(0).init().options().f("std"));
        n = OneOp.node("separable_conv", "8, 3, init: xavier_uniform", dims(4, 9, 9));
        assertEquals(List.of("l.depthwise.weight", "l.pointwise.weight", "l.pointwise.bias"),
                n.params().stream().map(Param::name).toList());
        assertEquals("xavier_uniform", n.params().get(0).init().name());
        assertEquals("xavier_uniform", n.params().get(1).init().name());
        n = OneOp.node("conv_transpose", "8, 3, groups: 2, init: zeros", dims(4, 9, 9));
        assertEquals("zeros", n.params().get(0).init().name());
        assertEquals(4 * 9, n.params().get(1).init().options().i("fan_in"), "F/g·K·K, as PyTorch's ConvTranspose2d");
    }

    @Test
    void batchnormStatisticsAreBuffers() {
        Node n = OneOp.node("batchnorm", "", dims(16, 4, 4));
        assertEquals(32, n.trainableParameters());
        assertEquals(List.of("l.weight", "l.bias", "l.running_mean", "l.running_var", "l.num_batches_tracked"),
                n.params().stream().map(Param::name).toList());
        assertEquals(List.of(true, true, false, false, false), n.params().stream().map(Param::trainable).toList());
        assertEquals("i64", n.params().get(4).type().dtype().word());
        n = OneOp.node("batchnorm", "affine: false", dims(16, 4, 4));
        assertEquals(0, n.trainableParameters());
        assertEquals(3, n.params().size());
    }

    // ------------------------------------------------------------------ messages

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("conv", "6, 3, groups: 4", List.of(dims(4, 9, 9)),
                        "groups 4 does not divide the 6 filters",
                        "groups must divide both input channels (4) and filters (6)"),
                Arguments.of("conv", "6, 3, groups: 3", List.of(dims(4, 9, 9)),
                        "groups 3 does not divide the 4 input channels",
                        "groups must divide both input channels (4) and filters (6)"),
                Arguments.of("conv_transpose", "4, 3, groups: 3", List.of(dims(4, 9, 9)),
                        "groups 3 does not divide the 4 input channels",
                        "groups must divide both input channels (4) and filters (4)"),
                Arguments.of("conv", "6, (5, 3), dilation: 2", List.of(dims(4, 3, 9)),
                        "kernel 5x3 (dilated: 9x5) of this convolution is larger than its input 3x9",
                        "use a smaller kernel, add padding (pad: same), or downsample less before this layer"),
                Arguments.of("separable_conv", "6, 7, pad: 1", List.of(dims(4, 4, 9)),
                        "kernel 7x7 of this separable convolution is larger than its padded input 6x11 (input 4x9)",
                        "use a smaller kernel, add padding (pad: same), or downsample less before this layer"),
                Arguments.of("avgpool", "(4, 10)", List.of(dims(4, 9, 9)),
                        "kernel 4x10 of this avgpool is larger than its input 9x9",
                        "use a smaller kernel, add padding (at most half the kernel, here pad: (2, 5)), or downsample"
                                + " less before this layer"),
                Arguments.of("maxpool", "3, pad: 2", List.of(dims(4, 9, 9)),
                        "padding 2x2 is more than half the kernel 3x3",
                        "pooling pads at most half the kernel (as PyTorch): at most 1x1 here"),
                Arguments.of("conv_transpose", "4, 3, stride: 2, output_padding: 2", List.of(dims(4, 9, 9)),
                        "output_padding 2 must be smaller than either the stride (2) or the dilation (1)", null),
                Arguments.of("conv_transpose", "4, 3, pad: 2", List.of(dims(4, 1, 1)),
                        "padding 2x2 of this transposed convolution leaves no output (-1x-1) for input 1x1",
                        "the output is (H - 1)*stride - 2*pad + dilation*(K - 1) + output_padding + 1; pad can be at"
                                + " most 1x1 here"),
                Arguments.of("fractional_maxpool", "2", List.of(dims(4, 9, 9)),
                        "`fractional_maxpool` needs exactly one of `output_size` and `ratio`",
                        "e.g. fractional_maxpool(2, ratio: 0.7)"),
                Arguments.of("fractional_maxpool", "2, output_size: 4, ratio: 0.5", List.of(dims(4, 9, 9)),
                        "`fractional_maxpool` needs exactly one of `output_size` and `ratio`",
                        "e.g. fractional_maxpool(2, ratio: 0.7)"),
                Arguments.of("fractional_maxpool", "2, output_size: 9", List.of(dims(4, 9, 9)),
                        "`fractional_maxpool`: output 9x9 with kernel 2x2 needs an input of at least 10x10, got 9x9",
                        "output + kernel - 1 must not exceed the input; use a smaller output or kernel"),
                Arguments.of("fractional_maxpool", "2, ratio: (0.5, 0.2)", List.of(dims(4, 3, 3)),
                        "ratio (0.5, 0.2) of input 3x3 leaves no output (1x0)",
                        "the output is floor(size * ratio); use a larger ratio or `output_size`"),
                Arguments.of("fractional_maxpool", "2, ratio: [0.5, 0.5, 0.5]", List.of(dims(4, 9, 9)),
                        "`ratio` takes one number or two (r_h, r_w), got 3", "e.g. ratio: 0.5 or ratio: (0.5, 0.75)"),
                Arguments.of("add", "", List.of(dims(4, 9, 9), dims(4, 8, 8)),
                        "`add`: spatial sizes 9x9 and 8x8 differ (shapes [4, 9, 9] and [4, 8, 8])",
                        "the sizes are not a whole factor apart; check the padding of the layers on each path"
                                + " (pad: same keeps the size at stride 1)"),
                Arguments.of("add", "", List.of(dims(64, 56, 56), dims(128, 28, 28)),
                        "`add`: spatial sizes 56x56 and 28x28 and channels 64 and 128 differ (shapes [64, 56, 56] and"
                                + " [128, 28, 28])",
                        "downsample the larger one with a strided 1x1 conv, e.g. conv(128, 1, stride: 2) on the"
                                + " [64, 56, 56] path"),
                Arguments.of("add", "", List.of(dims(4, 9, 9), dims(4, 1, 9)),
                        "`add`: spatial sizes 9x9 and 1x9 differ (shapes [4, 9, 9] and [4, 1, 9])",
                        "downsample the larger one with a strided 1x1 conv, e.g. conv(4, 1, stride: (9, 1)) on the"
                                + " [4, 9, 9] path"),
                Arguments.of("add", "", List.of(dims(4, 9, 9), dims(3, 9, 9)),
                        "`add`: channels 4 and 3 differ (shapes [4, 9, 9] and [3, 9, 9])",
                        "add a 1x1 conv on the shortcut to match them, e.g. conv(4, 1)"),
                Arguments.of("add", "", List.of(dims(10), dims(1)), "`add`: shapes [10] and [1] differ",
                        "`add` needs equal shapes; `mul` broadcasts, `add` does not"),
                Arguments.of("mul", "", List.of(dims(4, 9, 9), dims(3, 1, 1)),
                        "`mul`: shapes [4, 9, 9] and [3, 1, 1] do not broadcast",
                        "each dimension must be equal or 1, aligned from the right; for channel attention use"
                                + " [C, 1, 1] (global_avgpool keeps it)"),
                Arguments.of("concat", "", List.of(dims(4, 9, 9), dims(3, 8, 9)),
                        "`concat`: shape [3, 8, 9] does not match [4, 9, 9] outside axis 0",
                        "spatial sizes 9x9 and 8x9 must match to concatenate channels"),
                Arguments.of("concat", "axis: -4", List.of(dims(4, 9, 9), dims(4, 9, 9)),
                        "axis -4 is out of range for shape [4, 9, 9]", null),
                Arguments.of("dense", "10", List.of(dims(4, 9, 9)),
                        "`dense` expects a feature vector [F], but its input has shape [4, 9, 9]",
                        "add `flatten` before `dense` ([4, 9, 9] flattens to [324])"),
                Arguments.of("conv", "4, 3", List.of(dims(40)),
                        "`conv` expects a feature map [C, H, W], but its input has shape [40]",
                        "`conv` works on feature maps; is a `flatten` too early?"),
                Arguments.of("maxpool", "2", List.of(dims(40)),
                        "`maxpool` expects a feature map [C, H, W], but its input has shape [40]",
                        "pooling works on feature maps; is a `flatten` too early?"),
                Arguments.of("spatial_dropout", "", List.of(dims(40)),
                        "`spatial_dropout` expects a feature map [C, H, W], but its input has shape [40]",
                        "use `dropout` on feature vectors"),
                Arguments.of("softmax", "axis: 3", List.of(dims(4, 9, 9)),
                        "axis 3 is out of range for shape [4, 9, 9]",
                        "axes count from the first per-sample dimension: 0 .. 2, or -1 for the last"),
                Arguments.of("conv", "4, 3, stride: 0", List.of(dims(4, 9, 9)),
                        "option `stride` of `conv` must be at least 1, got 0", null),
                Arguments.of("dropout", "p: 1", List.of(dims(4, 9, 9)),
                        "option `p` of `dropout` must be less than 1, got 1", null),
                Arguments.of("adaptive_avgpool", "0", List.of(dims(4, 9, 9)),
                        "option `output_size` of `adaptive_avgpool` must be at least 1, got 0", null));
    }

    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("errors")
    void errorMessage(String op, String args, List<int[]> inputs, String message, String hint) {
        Compilation c = OneOp.check(OneOp.source(op, args, inputs));
        assertFalse(c.ok(), "expected an error");
        List<Diagnostic> all = c.diagnostics().all();
        assertEquals(1, all.size(), () -> OneOp.errors(c));
        Diagnostic d = all.get(0);
        assertEquals(message, d.message());
        assertEquals(hint, d.hint());
        assertEquals(OneOp.opLine(inputs.size()), d.span().line());
    }

    /** Each rank check and shape rule names the op it belongs to, so messages never read "null". */
    @Test
    void messagesNeverSayNull() {
        Set<String> bad = new TreeSet<>();
        errors().forEach(a -> {
            Object[] v = a.get();
            @SuppressWarnings("unchecked")
            List<int[]> inputs = (List<int[]>) v[2];
            Compilation c = OneOp.check(OneOp.source((String) v[0], (String) v[1], inputs));
            for (Diagnostic d : c.diagnostics().all()) {
                if (d.message().contains("null") || (d.hint() != null && d.hint().contains("null"))) {
                    bad.add(d.message());
                }
            }
        });
        assertEquals(Set.of(), bad);
    }
}
