package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ops.BatchNorm;
import dev.cnnc.compiler.ops.Fused;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a batchnorm into the convolution or dense layer before it, for inference.
 *
 * <p>Pattern: {@code conv|dense → batchnorm}, where the batchnorm is the layer's only reader and
 * the layer's output no graph output → one layer node with {@link Fused#FOLDED_BN} (the
 * batchnorm's name, eps, affine) that owns the batchnorm's parameters too and produces the
 * batchnorm's output value; a ReLU fused into the batchnorm ({@link Fused#RELU}) becomes the
 * layer's epilogue activation. At run time the layer folds the current parameters into its
 * weight and bias, {@code w' = w·γ/√(var+ε)}, {@code b' = (b − mean)·γ/√(var+ε) + β}, per output
 * channel (the weight's first axis, OIHW or [units, in]): PyTorch's eval-mode
 * {@code bn(conv(x))}. Folding in a kernel rather than at compile time keeps the parameters
 * shared with training and checkpoints unchanged (see {@code BatchNormKernels.fold}).
 *
 * <p>Requires: an inference lowering. It uses the running statistics, so it is not legal for a
 * training forward (batch statistics) and the folded layer has no backward.
 */
public final class FoldBatchNorm {
    public static final String NAME = "fold_batchnorm";

    private FoldBatchNorm() {
    }

    public static Graph apply(Graph g) {
        GraphIndex index = new GraphIndex(g);
        Map<Node, Node> replaced = new HashMap<>();
        Set<Node> removed = new HashSet<>();
        for (Node layer : g.nodes()) {
            if (!Fused.acceptsEpilogue(layer) || Fused.foldedBatchNorm(layer.attrs()) != null
                    || Fused.activation(layer.attrs()) != null || Fused.residual(layer.attrs())) {
                continue;
            }
            Node bn = index.soleConsumer(layer.output());
            if (bn == null || !(bn.op() instanceof BatchNorm)) {
                continue;
            }
            Map<String, Object> bnOptions = new LinkedHashMap<>();
            bnOptions.put("eps", bn.attrs().f("eps"));
            bnOptions.put("affine", bn.attrs().b("affine"));
            Attrs a = Fused.with(layer.attrs(), Fused.FOLDED_BN, new Component(bn.name(), new Attrs(bnOptions)));
            if (Fused.relu(bn.attrs())) {
                a = Fused.with(a, Fused.ACTIVATION, new Component("relu", Attrs.EMPTY));
            }
            List<Param> params = new ArrayList<>(layer.params());
            params.addAll(bn.params());
            // At the layer's place (its inputs are ready there; parameters keep their order).
            replaced.put(layer, new Node(layer.name(), layer.op(), a, layer.inputs(), bn.output(), params,
                    layer.span()));
            removed.add(bn);
        }
        return GraphIndex.rebuild(g, replaced, removed);
    }
}
