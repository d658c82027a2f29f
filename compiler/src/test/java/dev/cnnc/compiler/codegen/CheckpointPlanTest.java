package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Gradient checkpointing plans, from the planner alone (no device): peaks, soundness, memory budgets. */
class CheckpointPlanTest {
    static Lowering.Options options(Graph g, int batch) {
        return Lowering.Options.training(batch, Precision.FP32, Recipes.loss(g));
    }

    static Lowered lower(Graph g, int batch, int segments) {
        return Lowering.lower(g, options(g, batch).withCheckpointSegments(segments), Recipes.optimizer(g));
    }

    static long peak(Lowered l) {
        return MemoryPlanner.summary(l).totalPlanned();
    }

    @Test
    void checkpointingLowersThePlannedPeakOfDeepResNets() {
        for (String model : List.of("resnet18.cnn", "resnet20.cnn")) {
            Graph g = Passes.optimize(MemoryPlannerTest.stdlib(model));
            Lowered plain = lower(g, 32, 0);
            Lowered ckpt = lower(g, 32, Checkpointing.sqrtSegments(g));
            Checkpointing.Plan plan = ckpt.checkpoints();
            assertTrue(plan.segments() >= 5, model + ": " + plan.starts());
            assertTrue(plan.recomputePercent() > 0 && plan.recomputePercent() < 100, model + ": " + plan);
            // The planned peak drops by a tenth at least (resnet18: 1.24 GB to 1.02 GB at batch 32;
            // resnet20: 97 MB to 70 MB); the activations, not the weights, make the difference.
            assertTrue(peak(ckpt) < 0.9 * peak(plain), model + ": " + peak(ckpt) + " vs " + peak(plain));
            assertEquals(MemoryPlanner.summary(plain).weights(), MemoryPlanner.summary(ckpt).weights());
            assertEquals(List.of(), PlanChecker.check(ckpt), model);
        }
    }

    @Test
    void everyStdlibModelCheckpointsSoundly() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "stdlib", "models"))) {
            files = s.filter(f -> f.toString().endsWith(".cnn")).sorted().toList();
        }
        for (Path f : files) {
            Graph g = MemoryPlannerTest.stdlib(f.getFileName().toString());
            Lowered l = lower(g, 2, Checkpointing.sqrtSegments(g));
            assertTrue(l.checkpoints().recomputeFlops() > 0, f.toString());
            List<String> errors = PlanChecker.check(l);
            assertTrue(errors.isEmpty(), () -> f + ": " + errors.subList(0, Math.min(10, errors.size())));
        }
    }

    @Test
    void segmentsCoverTheGraphAndTheLastIsNotRecomputed() {
        Graph g = Passes.optimize(MemoryPlannerTest.stdlib("resnet20.cnn"));
        Checkpointing.Plan plan = Checkpointing.plan(g, 7);
        assertEquals(0, plan.starts().get(0));
        assertEquals(plan.segments(), plan.recompute().size());
        assertEquals(List.of(), plan.recompute().get(plan.segments() - 1));
        for (int s = 0; s + 1 < plan.segments(); s++) {
            assertTrue(plan.starts().get(s) < plan.starts().get(s + 1));
            for (var node : plan.recompute().get(s)) {
                int i = g.nodes().indexOf(node);
                assertTrue(i >= plan.starts().get(s) && i < plan.starts().get(s + 1), node.name());
                assertTrue(!plan.kept().contains(node.output()), node.name());
            }
        }
        // ResNet-20's cuts fall between blocks, where one value is live.
        assertEquals(plan.segments() - 1, plan.kept().size(), plan.kept()::toString);
        assertEquals(1, Checkpointing.plan(g, 1).segments());
        assertEquals(0, Checkpointing.plan(g, 0).recomputeFlops());
    }

    @Test
    void aBudgetThatFitsWithoutCheckpointingRecomputesNothing() {
        Graph g = Passes.optimize(MemoryPlannerTest.stdlib("resnet20.cnn"));
        long plain = peak(lower(g, 32, 0));
        Checkpointing.Fit fit = Checkpointing.fit(g, options(g, 32), Recipes.optimizer(g), plain);
        assertEquals(plain, fit.peak());
        assertEquals(plain, fit.peakWithout());
        assertEquals(0, fit.lowered().checkpoints().recomputeFlops());
    }

    @Test
    void aBudgetBelowThePlainPeakPicksACheapPlanWithinIt() {
        Graph g = Passes.optimize(MemoryPlannerTest.stdlib("resnet20.cnn"));
        long plain = peak(lower(g, 32, 0));
        Lowered sqrt = lower(g, 32, Checkpointing.sqrtSegments(g));
        long budget = peak(sqrt);
        Checkpointing.Fit fit = Checkpointing.fit(g, options(g, 32), Recipes.optimizer(g), budget);
        assertTrue(fit.peak() <= budget, fit.peak() + " > " + budget);
        assertEquals(fit.peak(), peak(fit.lowered()));
        assertEquals(plain, fit.peakWithout());
        long flops = fit.lowered().checkpoints().recomputeFlops();
        assertTrue(flops > 0 && flops <= sqrt.checkpoints().recomputeFlops(), flops + " vs √n's "
                + sqrt.checkpoints().recomputeFlops());
        // The fewest recomputed FLOPs among the segment counts that fit.
        for (int k = 2; k <= 3 * Checkpointing.sqrtSegments(g); k++) {
            Lowered l = lower(g, 32, k);
            if (peak(l) <= budget) {
                assertTrue(flops <= l.checkpoints().recomputeFlops(), k + " segments recompute less");
            }
        }
        assertEquals(List.of(), PlanChecker.check(fit.lowered()));
    }

    @Test
    void aBudgetTooSmallNamesTheSmallestPeakReachable() {
        Graph g = Passes.optimize(MemoryPlannerTest.stdlib("resnet20.cnn"));
        Checkpointing.OverBudget e = assertThrows(Checkpointing.OverBudget.class,
                () -> Checkpointing.fit(g, options(g, 32), Recipes.optimizer(g), 10L << 20));
        long best = Long.MAX_VALUE;
        for (int k = 1; k <= 3 * Checkpointing.sqrtSegments(g); k++) {
            best = Math.min(best, peak(lower(g, 32, k)));
        }
        assertEquals(best, e.smallest());
        assertTrue(e.getMessage().startsWith("training ResNet20 at batch 32 needs more than --max-memory 10.0 MiB:"
                + " the smallest planned peak reachable with checkpointing is "), e.getMessage());
    }

    @Test
    void sizes() {
        assertEquals(512L << 20, Checkpointing.parseSize("512M"));
        assertEquals(2L << 30, Checkpointing.parseSize("2G"));
        assertEquals(2L << 30, Checkpointing.parseSize("2GiB"));
        assertEquals(3L << 29, Checkpointing.parseSize("1.5g"));
        assertEquals(64L << 10, Checkpointing.parseSize("64KB"));
        assertEquals(1000, Checkpointing.parseSize("1000"));
        for (String bad : List.of("", "M", "-1G", "0", "12X", "1.2.3G", "lots")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Checkpointing.parseSize(bad));
            assertEquals("not a memory size: `" + bad + "` (write e.g. 512M, 2G or a number of bytes)",
                    e.getMessage());
        }
    }
}
