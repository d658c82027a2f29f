package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.passes.Passes;
import dev.cnnc.compiler.train.Recipes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient checkpointing plans (no device needed): peaks, segments, budgets, and sound memory plans. */
class CheckpointPlanTest {
    static Lowered lower(Graph g, int batch, int segments) {
        return Lowering.lower(g, new Lowering.Options(batch, Precision.FP32, true, false, Recipes.loss(g))
                .withCheckpointSegments(segments), Recipes.optimizer(g));
    }

    static void dump(Lowered l) {
        var p = l.program();
        long[] alloc = p.allocationBytes();
        int[] of = p.allocationOf();
        java.util.Map<Integer, List<String>> m = new java.util.TreeMap<>();
        for (int i = 0; i < p.buffers().size(); i++) {
            m.computeIfAbsent(of[i], k -> new java.util.ArrayList<>()).add(p.buffers().get(i).name());
        }
        m.forEach((a, names) -> {
            if (alloc[a] > 4_000_000) {
                System.out.println(alloc[a] / 1000000 + "MB " + names);
            }
        });
        System.out.println(l.checkpoints().starts() + " kept " + l.checkpoints().kept());
    }

    static long scratch(Lowered l) {
        long s = 0;
        for (var b : l.program().buffers()) {
            if (b.name().startsWith("scratch.")) {
                s += b.bytes();
            }
        }
        return s;
    }

    /** Max over the training step's launches of the bytes of non-pinned buffers live there. */
    static long livePeak(Lowered l) {
        var p = l.program();
        int n = p.buffers().size();
        int[] first = new int[n];
        int[] last = new int[n];
        java.util.Arrays.fill(first, -1);
        int t = 0;
        for (String ph : MemoryPlanner.STEP) {
            for (var launch : p.phases().getOrDefault(ph, List.of())) {
                for (Object a : launch.args()) {
                    if (a instanceof dev.cnnc.runtime.opencl.Program.BufferRef r) {
                        if (first[r.index()] < 0) {
                            first[r.index()] = t;
                        }
                        last[r.index()] = t;
                    }
                }
                t++;
            }
        }
        long[] live = new long[t + 1];
        java.util.Set<Integer> fixed = new java.util.HashSet<>(l.params().values());
        fixed.addAll(l.paramGrads().values());
        for (int b = 0; b < n; b++) {
            if (first[b] >= 0 && !fixed.contains(b) && !p.buffers().get(b).name().startsWith("optimizer.")) {
                for (int i = first[b]; i <= last[b]; i++) {
                    live[i] += p.buffers().get(b).bytes();
                }
            }
        }
        long m = 0;
        for (long v : live) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Test
    void peaks() {
        dump(lower(Passes.optimize(MemoryPlannerTest.stdlib("resnet18.cnn")), 32, 6));
        dump(lower(Passes.optimize(MemoryPlannerTest.stdlib("resnet18.cnn")), 32, 0));
        for (String m : List.of("resnet18.cnn")) {
            Graph g = Passes.optimize(MemoryPlannerTest.stdlib(m));
            System.out.println(m + " nodes " + g.nodes().size() + " sqrt " + Checkpointing.sqrtSegments(g));
            for (int k : new int[] {0, 2, 3, 4, 6, 8, 10, 12, 16}) {
                long t = System.nanoTime();
                Lowered l = lower(g, 32, k);
                MemoryPlanner.Summary s = MemoryPlanner.summary(l);
                System.out.printf("  live peak %d scratch %d%n", livePeak(l), scratch(l));
                System.out.printf("  k=%d peak %d act %d recompute %.1f%% kept %d  %.2fs%n", k, s.totalPlanned(),
                        s.activationsPlanned(), l.checkpoints().recomputePercent(), l.checkpoints().kept().size(),
                        (System.nanoTime() - t) / 1e9);
            }
        }
    }
}
