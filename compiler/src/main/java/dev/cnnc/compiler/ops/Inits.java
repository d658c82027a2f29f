package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import java.util.Map;

/** Default initializers of the ops' parameters (PyTorch's defaults). */
final class Inits {
    private Inits() {
    }

    /** PyTorch's default for conv and dense weights: U(±1/√fan_in), fan-in from the weight's shape. */
    static final Component DEFAULT = new Component("default", Attrs.EMPTY);
    static final Component ZEROS = new Component("zeros", Attrs.EMPTY);
    static final Component ONES = new Component("ones", Attrs.EMPTY);

    /** PyTorch's default for biases: U(±1/√fan_in) with the fan-in of the layer's weight. */
    static Component defaultBias(long fanIn) {
        return new Component("default", new Attrs(Map.of("fan_in", (int) fanIn)));
    }

    static AttrSpec initAttr() {
        return AttrSpec.component("init", "initializer")
                .doc("initializer of the weight (default: the model's `init`, else PyTorch's default)");
    }
}
