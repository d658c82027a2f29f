package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Graph;

/**
 * The graph passes between the front end and lowering, in order. Each one is legal for
 * training and inference, keeps parameter names, and can be left out ({@code -O0}).
 */
public final class Passes {
    private Passes() {
    }

    /** The passes of {@code -O2}: {@link FuseRelu}. */
    public static Graph optimize(Graph g) {
        return FuseRelu.apply(g);
    }
}
