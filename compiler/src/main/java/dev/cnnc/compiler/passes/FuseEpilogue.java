package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Add;
import dev.cnnc.compiler.ops.Fused;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses a residual add and an activation into the store of the convolution or dense layer
 * before them (its epilogue), so the layer's raw output is never written and re-read.
 *
 * <p>Pattern: {@code conv|dense → [add(·, r)] → [activation]}, each step the only reader of the
 * value before it (which is no graph output), at least one step present: the add has two inputs
 * (the layer's output and any residual {@code r}, which becomes the layer's input 1,
 * {@link Fused#RESIDUAL}) and may carry a fused ReLU; the activation is one whose derivative its
 * output determines ({@link Fused#epilogueActivation}: relu, relu6, leaky_relu with α ≥ 0, elu,
 * sigmoid, tanh) → one layer node computing {@code act(W·x + b + r)} that produces the last
 * step's value.
 *
 * <p>Legal in training and inference: the layer's backward needs its input and the gradient of
 * its raw output, which the epilogue's backward gives from the fused output alone
 * ({@code dz = dy·act'(y)}; the residual's gradient is dz too).
 */
public final class FuseEpilogue {
    public static final String NAME = "fuse_epilogue";

    private FuseEpilogue() {
    }

    public static Graph apply(Graph g) {
        GraphIndex index = new GraphIndex(g);
        Map<Value, Integer> position = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            position.put(g.nodes().get(i).output(), i);
        }
        Map<Node, Node> replaced = new HashMap<>();
        Set<Node> removed = new HashSet<>();
        Set<Node> taken = new HashSet<>(); // adds and activations already fused into a layer
        for (Node layer : g.nodes()) {
            if (!Fused.acceptsEpilogue(layer) || Fused.activation(layer.attrs()) != null
                    || Fused.residual(layer.attrs())) {
                continue;
            }
            Attrs a = layer.attrs();
            List<Value> inputs = new ArrayList<>(layer.inputs());
            Value out = layer.output();
            Node place = layer;
            Node next = index.soleConsumer(out);
            Node add = null;
            if (next != null && next.op() instanceof Add && next.inputs().size() == 2 && !taken.contains(next)) {
                add = next;
                Value r = add.inputs().get(0).equals(out) ? add.inputs().get(1) : add.inputs().get(0);
                inputs.add(r);
                a = Fused.with(a, Fused.RESIDUAL, true);
                Integer rAt = position.get(r);
                if (rAt != null && rAt > position.get(out)) {
                    place = add; // the residual is computed after the layer: fuse at the add's place
                }
                removed.add(add);
                taken.add(add);
                out = add.output();
                if (Fused.relu(add.attrs())) {
                    a = Fused.with(a, Fused.ACTIVATION, new Component("relu", Attrs.EMPTY));
                } else {
                    next = index.soleConsumer(out);
                }
            }
            if (Fused.activation(a) == null && next != null && !taken.contains(next)) {
                Component act = Fused.epilogueActivation(next);
                if (act != null) {
                    a = Fused.with(a, Fused.ACTIVATION, act);
                    removed.add(next);
                    taken.add(next);
                    out = next.output();
                }
            }
            if (out.equals(layer.output())) {
                continue; // nothing to fuse
            }
            Node fused = new Node(layer.name(), layer.op(), a, inputs, out, layer.params(), layer.span());
            if (place == layer) {
                replaced.put(layer, fused);
            } else {
                removed.add(layer);
                removed.remove(place);
                replaced.put(place, fused);
            }
        }
        return GraphIndex.rebuild(g, replaced, removed);
    }
}
