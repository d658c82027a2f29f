package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.ops.OpDef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one map from operations (by name, as {@link dev.cnnc.compiler.ops.OpRegistry} lists them)
 * to their kernels. An op without an entry, or a view (flatten, identity: no kernels of its own),
 * fails loudly when a kernel is asked of it, naming itself and the node.
 */
public final class Kernels {
    private static final Map<String, OpKernels> BY_NAME = standard();

    private Kernels() {
    }

    private static Map<String, OpKernels> standard() {
        Map<String, OpKernels> m = new LinkedHashMap<>();
        m.put("conv", new ConvKernels());
        m.put("separable_conv", new SeparableConvKernels());
        m.put("conv_transpose", new ConvTransposeKernels());
        m.put("dense", new DenseKernels());
        m.put("maxpool", new PoolKernels(true));
        m.put("avgpool", new PoolKernels(false));
        m.put("global_avgpool", new AdaptivePoolKernels(false));
        m.put("global_maxpool", new AdaptivePoolKernels(true));
        m.put("adaptive_avgpool", new AdaptivePoolKernels(false));
        m.put("adaptive_maxpool", new AdaptivePoolKernels(true));
        m.put("fractional_maxpool", new FractionalMaxPoolKernels());
        m.put("flatten", view("flatten"));
        for (String name : PointwiseKernels.NAMES) {
            m.put(name, new PointwiseKernels(name));
        }
        m.put("identity", view("identity"));
        m.put("softmax", new SoftmaxKernels(false));
        m.put("log_softmax", new SoftmaxKernels(true));
        m.put("batchnorm", new BatchNormKernels());
        m.put("layernorm", new LayerNormKernels());
        m.put("dropout", new DropoutKernels(false));
        m.put("spatial_dropout", new DropoutKernels(true));
        m.put("add", new AddKernels());
        m.put("mul", new MulKernels());
        m.put("concat", new ConcatKernels());
        return Map.copyOf(m);
    }

    /** The kernels of {@code op}; for an op without any, kernels that fail naming it. */
    public static OpKernels of(OpDef op) {
        OpKernels k = BY_NAME.get(op.name());
        return k != null ? k : view(op.name());
    }

    /** Whether {@code op} has an entry here (tests check that every registered op has one). */
    public static boolean has(OpDef op) {
        return BY_NAME.containsKey(op.name());
    }

    /** An op with no kernels (a view shares its input's storage): asked for one, it fails naming itself. */
    private static OpKernels view(String name) {
        return new OpKernels() {
            @Override
            public void forward(Emitter e) {
                throw new CodegenException("op `" + name + "` has no forward kernel (node " + e.node().name() + ")");
            }

            @Override
            public void backward(Emitter e) {
                throw new CodegenException("op `" + name + "` has no backward rule (node " + e.node().name() + ")");
            }
        };
    }
}
