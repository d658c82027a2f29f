package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.passes.Passes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Gradient checkpointing changes nothing but memory: with segments recomputed in backward, the
 * training steps compute bit for bit what they compute without (losses, logits, every parameter
 * gradient, the gradient norm, the parameters, BatchNorm's running statistics and
 * {@code num_batches_tracked}, and the optimizer's state after three steps, then an evaluation),
 * on models with residual adds, BatchNorm, dropout (masks redrawn from the step's seed), concat
 * (DenseNet-style) and a broadcast mul. Plans of 2 and √n segments (cuts where few bytes are
 * live) and cuts every third node (inside blocks: several values kept across a cut). Each
 * program also passes {@link PlanChecker}.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class CheckpointEquivalenceTest {
    private static final int BATCH = 2;

    @Test
    void smallResNetWithBatchNormFp64() {
        same(SmallResNet.graph(), Precision.FP64, OptimizerLowering.Config.sgd(0.05, 0.9, false, 1e-4));
    }

    @Test
    void smallResNetFusedFp32() {
        same(Passes.optimize(SmallResNet.graph()), Precision.FP32, OptimizerLowering.Config.sgd(0.05, 0.9, true, 0));
    }

    @Test
    void smallResNetFusedMixed() { // fp16 activations: the recomputed copies round as the first run did
        same(Passes.optimize(SmallResNet.graph()), Precision.MIXED, OptimizerLowering.Config.sgd(0.05, 0.9, true, 0));
    }

    @Test
    void dropoutAndConcatWithAdam() {
        same(KernelHarness.compile(PlannedEquivalenceTest.DROP_CAT), Precision.FP32,
                OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0));
    }

    @Test
    void denseNetStyleBlock() {
        same(KernelHarness.compile(PlannedEquivalenceTest.DENSE_BLOCK), Precision.FP32,
                OptimizerLowering.Config.sgd(0.05, 0.9, true, 1e-4));
    }

    @Test
    void squeezeAndExcitationFp64() {
        same(KernelHarness.compile(PlannedEquivalenceTest.SE_BLOCK), Precision.FP64,
                OptimizerLowering.Config.adamw(0.01, 0.9, 0.999, 1e-8, 0.01));
    }

    private static void same(Graph g, Precision p, OptimizerLowering.Config opt) {
        Lowering.Options o = Lowering.Options.training(BATCH, p, LossLowering.Loss.crossEntropy(0.1));
        Lowered plain = Lowering.lower(g, o, opt);
        List<double[]> expected = PlannedEquivalenceTest.run(plain, opt);
        List<Checkpointing.Plan> plans = new ArrayList<>();
        plans.add(Checkpointing.plan(g, 2));
        plans.add(Checkpointing.plan(g, Checkpointing.sqrtSegments(g)));
        // Cuts every third node, wherever that is: inside blocks, with several values kept across.
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < g.nodes().size() - 1; i += 3) {
            starts.add(i);
        }
        Checkpointing.Plan everyThird = Checkpointing.plan(g, starts);
        assertTrue(maxKeptAcrossACut(g, everyThird) >= 2, () -> g.name() + ": " + everyThird.kept());
        plans.add(everyThird);
        for (Checkpointing.Plan plan : plans) {
            String where = g.name() + ", segments at " + plan.starts();
            assertTrue(plan.recomputeFlops() > 0, where);
            Lowered ckpt = Lowering.lower(g, o, opt, plan);
            assertEquals(List.of(), PlanChecker.check(ckpt), where);
            assertTrue(ckpt.program().phases().get(Lowered.BACKWARD).size()
                    > plain.program().phases().get(Lowered.BACKWARD).size(), where + ": backward re-runs forward");
            List<double[]> actual = PlannedEquivalenceTest.run(ckpt, opt);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), where + ": result #" + i);
            }
        }
    }

    /** The most kept values live across one cut of {@code plan} (a view's readers read its input). */
    private static int maxKeptAcrossACut(Graph g, Checkpointing.Plan plan) {
        Map<Value, Value> owner = new HashMap<>();
        Map<Value, Integer> made = new HashMap<>();
        Map<Value, Integer> last = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            Node n = g.nodes().get(i);
            for (Value in : n.inputs()) {
                last.merge(owner.getOrDefault(in, in), i, Math::max);
            }
            owner.put(n.output(), n.op().isView() ? owner.getOrDefault(n.inputs().get(0), n.inputs().get(0))
                    : n.output());
            made.put(n.output(), i);
        }
        int most = 0;
        for (int c : plan.starts()) {
            int across = 0;
            for (Value v : plan.kept()) {
                if (made.get(v) < c && last.getOrDefault(v, Integer.MAX_VALUE) >= c) {
                    across++;
                }
            }
            most = Math.max(most, across);
        }
        return most;
    }
}
