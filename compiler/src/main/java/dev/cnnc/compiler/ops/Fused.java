package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attributes that fusion passes add to a node (never written by users, so not among any op's
 * options; they show in the IR dump): {@value #RELU} makes an op that supports it apply ReLU
 * to its output in the same kernel, and mask its output gradient by {@code y > 0} (PyTorch's
 * ReLU derivative) in its backward kernels.
 */
public final class Fused {
    public static final String RELU = "fused_relu";

    private Fused() {
    }

    /** Whether the node's ReLU is fused in. */
    public static boolean relu(Attrs a) {
        return a.has(RELU) && a.b(RELU);
    }

    /** Whether the op of {@code n} can take a ReLU into its kernels. */
    public static boolean acceptsRelu(Node n) {
        return n.op() instanceof BatchNorm || n.op() instanceof Add;
    }

    /** {@code a} with {@value #RELU} set. */
    public static Attrs withRelu(Attrs a) {
        Map<String, Object> m = new LinkedHashMap<>(a.asMap());
        m.put(RELU, true);
        return new Attrs(m);
    }
}
