package dev.cnnc.compiler.ops;

import static dev.cnnc.compiler.ops.OneOp.dims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cnnc.compiler.analysis.LayerRow;
import dev.cnnc.compiler.analysis.ModelReport;
import dev.cnnc.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward FLOPs per sample of each op, computed by hand from the seed's formulas and each op's
 * doc comment (a multiply-accumulate is one FLOP), read through {@link ModelReport}.
 */
class OpFlopsTest {

    record Flops(String op, String args, List<int[]> inputs, long expected, String why) {
        @Override
        public String toString() {
            return op + "(" + args + ") on " + inputs.stream().map(OneOp::shape).collect(Collectors.joining(", "))
                    + " = " + why;
        }
    }

    private static Flops f(String op, String args, int[] in, long expected, String why) {
        return new Flops(op, args, List.of(in), expected, why);
    }

    private static Flops f(String op, String args, List<int[]> in, long expected, String why) {
        return new Flops(op, args, in, expected, why);
    }

    static List<Flops> cases() {
        List<Flops> c = new ArrayList<>();
        // conv: H_out·W_out·C_out·(K_h·K_w·C_in/groups + 1 if bias)
        c.add(f("conv", "6, 5", dims(1, 32, 32), 122_304, "28·28·6·(5·5·1 + 1)"));
        c.add(f("conv", "8, (3, 5), stride: 2, pad: (1, 2), groups: 2", dims(4, 11, 13), 10_416,
                "H_out ⌊(11+2−3)/2⌋+1 = 6, W_out ⌊(13+4−5)/2⌋+1 = 7: 6·7·8·(3·5·4/2 + 1)"));
        c.add(f("conv", "8, (3, 5), stride: 2, pad: (1, 2), groups: 2, bias: false", dims(4, 11, 13), 10_080,
                "6·7·8·(3·5·2)"));
        c.add(f("conv", "6, 3, pad: 1, groups: 6", dims(6, 8, 8), 3_840, "depthwise: 8·8·6·(3·3·1 + 1)"));
        c.add(f("conv", "16, 3, dilation: 2", dims(3, 10, 10), 16_128,
                "K_eff 5, out 6x6: 6·6·16·(3·3·3 + 1); dilation adds no MACs"));
        c.add(f("conv", "4, 3, stride: 2, pad: same", dims(2, 7, 8), 1_216, "out ⌈7/2⌉x⌈8/2⌉ = 4x4: 4·4·4·(9·2 + 1)"));
        // separable_conv: depthwise H_out·W_out·C·m·K_h·K_w + pointwise H_out·W_out·F·(C·m + 1 if bias)
        c.add(f("separable_conv", "16, 3, pad: same", dims(8, 10, 10), 21_600, "10·10·8·9 + 10·10·16·(8 + 1)"));
        c.add(f("separable_conv", "5, 3, stride: 2, depth_multiplier: 2, bias: false", dims(3, 9, 9), 1_344,
                "out 4x4, C·m = 6: 16·6·9 + 16·5·6"));
        // conv_transpose: C_in·H·W·(F/g)·K_h·K_w + H_out·W_out·F if bias
        c.add(f("conv_transpose", "4, 3, stride: 2, pad: 1, output_padding: 1", dims(2, 5, 5), 2_200,
                "out (5−1)·2 − 2 + 2 + 1 + 1 = 10: 2·5·5·4·9 + 4·10·10"));
        c.add(f("conv_transpose", "4, 2, stride: 2, groups: 2, bias: false", dims(4, 3, 3), 288, "4·3·3·(4/2)·2·2"));
        // dense: units·(in + 1 if bias)
        c.add(f("dense", "120", dims(400), 48_120, "120·(400 + 1)"));
        c.add(f("dense", "10, bias: false", dims(84), 840, "10·84"));
        // pooling: one per window element per output
        c.add(f("maxpool", "3, stride: 2, pad: 1", dims(4, 9, 9), 900, "out 5x5: 4·5·5·3·3"));
        c.add(f("maxpool", "2", dims(3, 7, 7), 108, "stride = kernel, out 3x3: 3·3·3·2·2"));
        c.add(f("maxpool", "3, stride: 1, dilation: 2", dims(1, 9, 9), 225, "K_eff 5, out 5x5: 5·5·3·3"));
        c.add(f("avgpool", "2", dims(6, 28, 28), 4_704, "6·14·14·2·2"));
        c.add(f("avgpool", "3, stride: 2, ceil_mode: true, count_include_pad: false", dims(2, 8, 8), 288,
                "out ⌈(8−3)/2⌉+1 = 4: 2·4·4·3·3"));
        c.add(f("global_avgpool", "", dims(5, 4, 9), 180, "one per input element: 5·4·9"));
        c.add(f("global_maxpool", "", dims(64, 7, 7), 3_136, "64·7·7"));
        // adaptive: C·Σ_i (⌈(i+1)H/h⌉ − ⌊iH/h⌋)·Σ_j (⌈(j+1)W/w⌉ − ⌊jW/w⌋)
        c.add(f("adaptive_avgpool", "(2, 3)", dims(2, 5, 7), 108, "rows 0..3, 2..5 (6); columns 0..3, 2..5, 4..7 (9): 2·6·9"));
        c.add(f("adaptive_avgpool", "4", dims(1, 6, 6), 64, "regions of 2 overlapping: 1·8·8"));
        c.add(f("adaptive_maxpool", "7", dims(512, 7, 7), 25_088, "one element per region: 512·7·7"));
        c.add(f("adaptive_maxpool", "output_size: (1, 2)", dims(3, 4, 5), 72, "rows 4; columns 0..3, 2..5 (6): 3·4·6"));
        c.add(f("fractional_maxpool", "2, output_size: (5, 6)", dims(3, 10, 12), 360, "3·5·6·2·2"));
        c.add(f("fractional_maxpool", "3, ratio: 0.5", dims(2, 10, 12), 540, "out 5x6: 2·5·6·3·3"));
        // no arithmetic
        c.add(f("flatten", "", dims(16, 5, 5), 0, "a view"));
        c.add(f("identity", "", dims(3, 5, 7), 0, "a view"));
        c.add(f("concat", "", List.of(dims(4, 5, 6), dims(3, 5, 6)), 0, "a copy"));
        c.add(f("concat", "axis: -1", List.of(dims(10), dims(5), dims(1)), 0, "a copy"));
        // one per element
        for (String op : List.of("relu", "relu6", "sigmoid", "tanh")) {
            c.add(f(op, "", dims(3, 5, 7), 105, "3·5·7"));
        }
        c.add(f("leaky_relu", "alpha: 0.2", dims(3, 5, 7), 105, "3·5·7"));
        c.add(f("elu", "", dims(10), 10, "10"));
        c.add(f("dropout", "0.2", dims(3, 5, 7), 105, "3·5·7"));
        c.add(f("spatial_dropout", "", dims(16, 2, 2), 64, "16·2·2"));
        // softmax: three per element; batchnorm two; layernorm seven
        c.add(f("softmax", "", dims(10), 30, "3·10"));
        c.add(f("log_softmax", "axis: -1", dims(4, 3, 5), 180, "3·60"));
        c.add(f("batchnorm", "", dims(16, 8, 8), 2_048, "2·16·8·8"));
        c.add(f("batchnorm", "affine: false", dims(100), 200, "2·100"));
        c.add(f("layernorm", "", dims(2, 1, 4), 56, "7·8"));
        // add and mul: one per output element per extra input
        c.add(f("add", "", List.of(dims(3, 7, 2), dims(3, 7, 2), dims(3, 7, 2)), 84, "2·42"));
        c.add(f("add", "", List.of(dims(10), dims(10)), 10, "10"));
        c.add(f("mul", "", List.of(dims(4, 5, 6), dims(4, 1, 1)), 120, "4·5·6"));
        c.add(f("mul", "", List.of(dims(4, 5, 6), dims(4, 1, 1), dims(1, 5, 6)), 240, "2·120"));
        return c;
    }

    static Stream<Flops> flopsCases() {
        return cases().stream();
    }

    private static LayerRow row(Flops c, int batch) {
        Graph g = OneOp.graph(OneOp.source(c.op(), c.args(), c.inputs()));
        ModelReport r = ModelReport.of(g, batch);
        LayerRow row = r.rows().stream().filter(x -> x.name().equals("l")).findFirst().orElse(null);
        assertNotNull(row, "row of layer l");
        return row;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flopsCases")
    void forwardFlops(Flops c) {
        assertEquals(c.expected(), row(c, 1).flops(), c.why());
    }

    /** Rows are for the whole batch: FLOPs and memory scale with it, parameters do not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("flopsCases")
    void batchScalesFlopsAndMemory(Flops c) {
        LayerRow one = row(c, 1);
        LayerRow three = row(c, 3);
        assertEquals(3 * c.expected(), three.flops());
        assertEquals(3 * one.activationBytes(), three.activationBytes());
        assertEquals(one.params(), three.params());
    }

    @Test
    void everyRegisteredOpHasAFlopsCase() {
        Set<String> covered = cases().stream().map(Flops::op).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(OpRegistry.standard().names());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "add hand-checked FLOPs cases to OpFlopsTest for these ops");
    }

    @Test
    void reportTotalsAddUpRows() {
        Graph g = OneOp.graph("model M {\n  input x: [3, 32, 32]\n  output y = x -> conv(16, 3, pad: 1) as c1 -> "
                + "batchnorm as bn -> relu -> maxpool(2) -> flatten -> dense(10) as fc\n}\n");
        ModelReport r = ModelReport.of(g, 2);
        long conv = 32L * 32 * 16 * (27 + 1);
        long bn = 2L * 16 * 32 * 32;
        long relu = 16L * 32 * 32;
        long pool = 16L * 16 * 16 * 4;
        long fc = 10L * (16 * 16 * 16 + 1);
        assertEquals(2 * (conv + bn + relu + pool + fc), r.forwardFlops());
        assertEquals(2 * r.forwardFlops(), r.backwardFlops());
        assertEquals(16 * 27 + 16 + 32 + 10 * 4096 + 10, r.parameters());
        assertEquals(16 + 16 + 1, r.bufferElements(), "running_mean, running_var, num_batches_tracked");
        assertEquals(4 * r.parameters(), r.modelBytesFp32());
        // inputs and every stored output at batch 2 in f32; flatten is a view
        long elements = 3 * 32 * 32 + 3L * 16 * 32 * 32 + 16 * 16 * 16 + 10;
        assertEquals(2 * 4 * elements, r.activationBytes());
    }
}
