package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.codegen.kernels.Kernels;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ops.OpDef;
import dev.cnnc.compiler.ops.OpRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered op has an entry in {@link Kernels} and lowers, forward and backward, in both
 * precisions and both modes: a new op without kernels fails here by name (its numeric checks live
 * in the op-family tests).
 */
class EveryOpHasKernelsTest {
    /** One small use of each op; the key is the op's name. */
    static final Map<String, String> USES = new TreeMap<>(Map.ofEntries(
            Map.entry("conv", "x -> conv(4, 3, pad: 1)"),
            Map.entry("separable_conv", "x -> separable_conv(4, 3)"),
            Map.entry("conv_transpose", "x -> conv_transpose(2, 3, stride: 2)"),
            Map.entry("dense", "x -> flatten -> dense(3)"),
            Map.entry("maxpool", "x -> maxpool(2)"),
            Map.entry("avgpool", "x -> avgpool(2)"),
            Map.entry("global_avgpool", "x -> global_avgpool"),
            Map.entry("global_maxpool", "x -> global_maxpool"),
            Map.entry("adaptive_avgpool", "x -> adaptive_avgpool(3)"),
            Map.entry("adaptive_maxpool", "x -> adaptive_maxpool(3)"),
            Map.entry("fractional_maxpool", "x -> fractional_maxpool(2, ratio: 0.6)"),
            Map.entry("flatten", "x -> flatten"),
            Map.entry("relu", "x -> relu"),
            Map.entry("relu6", "x -> relu6"),
            Map.entry("leaky_relu", "x -> leaky_relu"),
            Map.entry("elu", "x -> elu"),
            Map.entry("sigmoid", "x -> sigmoid"),
            Map.entry("tanh", "x -> tanh"),
            Map.entry("identity", "x -> identity"),
            Map.entry("softmax", "x -> softmax"),
            Map.entry("log_softmax", "x -> log_softmax"),
            Map.entry("batchnorm", "x -> batchnorm"),
            Map.entry("layernorm", "x -> layernorm"),
            Map.entry("dropout", "x -> dropout(0.3)"),
            Map.entry("spatial_dropout", "x -> spatial_dropout(0.3)"),
            Map.entry("add", "add(x, x -> relu)"),
            Map.entry("mul", "mul(x, x -> global_avgpool)"),
            Map.entry("concat", "concat(x, x -> relu)")));

    @org.junit.jupiter.api.Test
    void everyRegisteredOpHasAUseHere() {
        assertEquals(new TreeSet<>(OpRegistry.standard().names()), USES.keySet());
    }

    @org.junit.jupiter.api.Test
    void everyRegisteredOpHasAnEntryInKernels() {
        for (OpDef op : OpRegistry.standard().all()) {
            assertTrue(Kernels.has(op), "op `" + op.name() + "` has no entry in codegen.kernels.Kernels");
        }
    }

    static Iterable<String> ops() {
        return OpRegistry.standard().all().stream().map(OpDef::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void lowersForwardAndBackward(String op) {
        Graph g = KernelHarness.compile("model M { input x: [2, 6, 5]  output y = " + USES.get(op) + " }");
        for (Precision p : Precision.values()) {
            for (boolean training : new boolean[] {false, true}) {
                Lowering.Options o = Lowering.Options.builder().batch(2).precision(p).training(training)
                        .inputGradients(training).build();
                Lowered l = assertDoesNotThrow(() -> Lowering.lower(g, o), op + " " + p + " training=" + training);
                if (training && !g.nodes().stream().allMatch(n -> n.op().isView())) {
                    assertEquals(true, l.program().phases().get(Lowered.BACKWARD).size() > 0, op + ": no backward");
                }
            }
        }
    }
}
