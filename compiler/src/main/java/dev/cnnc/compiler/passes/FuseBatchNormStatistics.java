package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ops.BatchNorm;
import dev.cnnc.compiler.ops.Conv;
import dev.cnnc.compiler.ops.Fused;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Training only: a convolution whose sole reader is a batchnorm computes the batch statistics
 * that batchnorm needs while it stores its output (its epilogue), so the batchnorm does not read
 * the convolution's output twice more (a sum, then squares about the mean) before normalising
 * it. The convolution writes per-(sample, filter) partial statistics — count, mean and sum of
 * squared deviations, merged from its tiles in a fixed order — and the batchnorm merges the
 * samples' partials (Chan et al.'s pairwise update, as stable as two passes) into the batch mean
 * and variance, updates its running statistics and normalises, in one kernel.
 *
 * <p>Pattern: {@code conv → batchnorm}, the conv's output read by the batchnorm alone and no graph
 * output, the conv without an epilogue (activation, residual) or folded batchnorm. Both nodes
 * keep their names, parameters, values and backward rules; the conv gets
 * {@link Fused#BN_STATISTICS}, the batchnorm {@link Fused#GIVEN_STATISTICS}. In inference the
 * batchnorm uses its running statistics, so the pass does not run there (FoldBatchNorm folds
 * the pair instead).
 */
public final class FuseBatchNormStatistics {
    public static final String NAME = "fuse_batchnorm_statistics";

    private FuseBatchNormStatistics() {
    }

    public static Graph apply(Graph g) {
        GraphIndex index = new GraphIndex(g);
        Map<Node, Node> replaced = new HashMap<>();
        for (Node bn : g.nodes()) {
            if (!(bn.op() instanceof BatchNorm) || Fused.givenStatistics(bn.attrs())) {
                continue;
            }
            Node conv = index.producer(bn.inputs().get(0));
            if (conv == null || !(conv.op() instanceof Conv) || index.soleConsumer(conv.output()) != bn
                    || Fused.activation(conv.attrs()) != null || Fused.residual(conv.attrs())
                    || Fused.foldedBatchNorm(conv.attrs()) != null || Fused.bnStatistics(conv.attrs())) {
                continue;
            }
            replaced.put(conv, new Node(conv.name(), conv.op(), Fused.with(conv.attrs(), Fused.BN_STATISTICS, true),
                    conv.inputs(), conv.output(), conv.params(), conv.span()));
            replaced.put(bn, new Node(bn.name(), bn.op(), Fused.with(bn.attrs(), Fused.GIVEN_STATISTICS, true),
                    bn.inputs(), bn.output(), bn.params(), bn.span()));
        }
        return GraphIndex.rebuild(g, replaced, Set.of());
    }
}
