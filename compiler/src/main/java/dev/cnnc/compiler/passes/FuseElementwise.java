package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.compiler.ops.Pointwise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses chains of element-wise activations into one kernel.
 *
 * <p>Pattern: {@code f_1 → f_2 → … → f_n} (activations, not views), each the only reader of the
 * value before it, which is no graph output → the first node with the rest in
 * {@link Fused#CHAIN}, producing the last one's value: one kernel and one pass over memory
 * instead of n, forward and backward.
 *
 * <p>Legal in training and inference: the fused backward recomputes the values between the
 * functions from the chain's input (element-wise, cheap) instead of keeping them.
 */
public final class FuseElementwise {
    public static final String NAME = "fuse_elementwise";

    private FuseElementwise() {
    }

    public static Graph apply(Graph g) {
        GraphIndex index = new GraphIndex(g);
        Map<Node, Node> replaced = new HashMap<>();
        Set<Node> removed = new HashSet<>();
        for (Node first : g.nodes()) {
            if (!isActivation(first) || removed.contains(first)) {
                continue;
            }
            List<Component> chain = new ArrayList<>(Fused.chain(first.attrs()));
            Node last = first;
            Node next = index.soleConsumer(last.output());
            while (next != null && isActivation(next) && Fused.chain(next.attrs()).isEmpty()) {
                chain.add(new Component(next.op().name(), next.attrs()));
                removed.add(next);
                last = next;
                next = index.soleConsumer(last.output());
            }
            if (last != first) {
                replaced.put(first, new Node(first.name(), first.op(), Fused.with(first.attrs(), Fused.CHAIN, chain),
                        first.inputs(), last.output(), first.params(), first.span()));
            }
        }
        return GraphIndex.rebuild(g, replaced, removed);
    }

    private static boolean isActivation(Node n) {
        return n.op() instanceof Pointwise p && !p.isView();
    }
}
