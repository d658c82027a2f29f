package dev.cnnc.compiler.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of operations. Parameterized tests iterate it, so an op is tested the moment
 * it is registered.
 */
public final class OpRegistry {
    private static final OpRegistry STANDARD = new OpRegistry(standardOps());

    /** Names users bring from other frameworks, mapped to cnnc's. */
    private static final Map<String, String> FOREIGN = Map.ofEntries(
            Map.entry("conv2d", "conv"), Map.entry("convolution", "conv"),
            Map.entry("linear", "dense"), Map.entry("fc", "dense"), Map.entry("innerproduct", "dense"),
            Map.entry("fully_connected", "dense"),
            Map.entry("maxpool2d", "maxpool"), Map.entry("max_pool", "maxpool"), Map.entry("pool", "maxpool"),
            Map.entry("avgpool2d", "avgpool"), Map.entry("avg_pool", "avgpool"),
            Map.entry("gap", "global_avgpool"), Map.entry("globalaveragepooling2d", "global_avgpool"),
            Map.entry("adaptiveavgpool2d", "adaptive_avgpool"),
            Map.entry("batchnorm2d", "batchnorm"), Map.entry("bn", "batchnorm"),
            Map.entry("batch_norm", "batchnorm"), Map.entry("batchnormalization", "batchnorm"),
            Map.entry("layer_norm", "layernorm"),
            Map.entry("leakyrelu", "leaky_relu"), Map.entry("lrelu", "leaky_relu"),
            Map.entry("deconv", "conv_transpose"), Map.entry("convtranspose2d", "conv_transpose"),
            Map.entry("conv2dtranspose", "conv_transpose"), Map.entry("transposed_conv", "conv_transpose"),
            Map.entry("separableconv2d", "separable_conv"), Map.entry("sepconv", "separable_conv"),
            Map.entry("depthwise_conv", "conv"), Map.entry("dropout2d", "spatial_dropout"),
            Map.entry("spatialdropout2d", "spatial_dropout"),
            Map.entry("cat", "concat"), Map.entry("concatenate", "concat"), Map.entry("sum", "add"),
            Map.entry("multiply", "mul"), Map.entry("reshape", "flatten"), Map.entry("view", "flatten"));

    private final Map<String, OpDef> ops;

    private OpRegistry(List<OpDef> list) {
        Map<String, OpDef> m = new LinkedHashMap<>();
        for (OpDef op : list) {
            if (m.put(op.name(), op) != null) {
                throw new IllegalStateException("op registered twice: " + op.name());
            }
        }
        this.ops = Collections.unmodifiableMap(m);
    }

    public static OpRegistry standard() {
        return STANDARD;
    }

    private static List<OpDef> standardOps() {
        List<OpDef> ops = new ArrayList<>();
        ops.add(new Conv());
        ops.add(new SeparableConv());
        ops.add(new ConvTranspose());
        ops.add(new Dense());
        ops.add(Pool.maxPool());
        ops.add(Pool.avgPool());
        ops.add(GlobalPool.avg());
        ops.add(GlobalPool.max());
        ops.add(AdaptivePool.avg());
        ops.add(AdaptivePool.max());
        ops.add(new FractionalMaxPool());
        ops.add(new Flatten());
        ops.addAll(Pointwise.all());
        ops.add(Softmax.softmax());
        ops.add(Softmax.logSoftmax());
        ops.add(new BatchNorm());
        ops.add(new LayerNorm());
        ops.add(Dropout.standard());
        ops.add(Dropout.spatial());
        ops.add(new Add());
        ops.add(new Mul());
        ops.add(new Concat());
        return ops;
    }

    public OpDef lookup(String name) {
        return ops.get(name);
    }

    public List<OpDef> all() {
        return List.copyOf(ops.values());
    }

    public List<String> names() {
        return List.copyOf(ops.keySet());
    }

    /** cnnc's name for an op known under another framework's name, or null. */
    public String foreignName(String name) {
        return FOREIGN.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
