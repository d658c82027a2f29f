package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Fused;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fuses a ReLU into the op that produces its input when that op can take it (batchnorm, add:
 * see {@link Fused#acceptsRelu}) and the ReLU is its only consumer: conv → batchnorm → relu and
 * add(y, shortcut) → relu become one node each, saving a kernel and a pass over the
 * activation in forward and in backward. Legal in training and inference: the fused op's
 * backward masks its output gradient by {@code y > 0}, which is the ReLU's backward.
 *
 * <p>The fused node keeps the producer's name and parameters (checkpoints are unchanged) and
 * takes the ReLU's output value, so later nodes and the graph's outputs need no rewiring.
 */
public final class FuseRelu {
    public static final String NAME = "fuse_relu";

    private FuseRelu() {
    }

    public static Graph apply(Graph g) {
        Map<Value, Integer> uses = new HashMap<>();
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                uses.merge(v, 1, Integer::sum);
            }
        }
        Set<Value> outputs = new HashSet<>(g.outputs().values());
        Map<Value, Node> producer = new HashMap<>();
        for (Node n : g.nodes()) {
            producer.put(n.output(), n);
        }
        Map<Node, Node> replaced = new HashMap<>();
        Set<Node> removed = new HashSet<>();
        for (Node relu : g.nodes()) {
            if (!relu.op().name().equals("relu") || relu.inputs().size() != 1) {
                continue;
            }
            Value in = relu.inputs().get(0);
            Node p = producer.get(in);
            if (p == null || !Fused.acceptsRelu(p) || Fused.relu(p.attrs()) || replaced.containsKey(p)
                    || uses.getOrDefault(in, 0) != 1 || outputs.contains(in)) {
                continue;
            }
            replaced.put(p, new Node(p.name(), p.op(), Fused.withRelu(p.attrs()), p.inputs(), relu.output(),
                    p.params(), p.span()));
            removed.add(relu);
        }
        return GraphIndex.rebuild(g, replaced, removed);
    }
}
