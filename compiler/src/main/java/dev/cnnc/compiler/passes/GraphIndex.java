package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who produces and who reads each value of a graph: what fusion patterns match on. */
final class GraphIndex {
    private final Map<Value, Node> producer = new HashMap<>();
    private final Map<Value, List<Node>> consumers = new HashMap<>();
    private final Set<Value> outputs;

    GraphIndex(Graph g) {
        for (Node n : g.nodes()) {
            producer.put(n.output(), n);
            for (Value v : n.inputs()) {
                consumers.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
            }
        }
        outputs = new HashSet<>(g.outputs().values());
    }

    Node producer(Value v) {
        return producer.get(v);
    }

    /**
     * The one node that reads {@code v} (once), or null when {@code v} has other readers or is a
     * graph output: then the value must stay, and a fusion that would hide it is not legal.
     */
    Node soleConsumer(Value v) {
        List<Node> c = consumers.getOrDefault(v, List.of());
        if (c.size() != 1 || outputs.contains(v)) {
            return null;
        }
        Node n = c.get(0);
        return n.inputs().stream().filter(v::equals).count() == 1 ? n : null;
    }

    /**
     * {@code g} with the nodes of {@code replaced} swapped for their values (at the key's place)
     * and the nodes of {@code removed} left out.
     */
    static Graph rebuild(Graph g, Map<Node, Node> replaced, Set<Node> removed) {
        if (replaced.isEmpty() && removed.isEmpty()) {
            return g;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!removed.contains(n)) {
                nodes.add(replaced.getOrDefault(n, n));
            }
        }
        return new Graph(g.name(), g.span(), g.inputs(), nodes, g.outputs(), g.training());
    }
}
