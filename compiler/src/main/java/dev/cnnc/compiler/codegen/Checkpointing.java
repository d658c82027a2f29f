package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.analysis.ReportFormat;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gradient checkpointing, the seed's O(√n) recipe: trade computation for memory by keeping only
 * some activations from the forward pass and recomputing the others in backward.
 *
 * <p>The graph's node sequence is cut into {@code k} contiguous segments. A value that crosses a
 * cut (made in one segment, read in a later one) or is an output is a <em>checkpoint</em>: it
 * stays alive from the forward pass to its backward rule, as without checkpointing. Every other
 * value of a segment is dead after the forward pass reads it for the last time: {@link Lowering}
 * re-runs the segment's forward rules at the start of its backward rules, into fresh buffers that
 * the backward rules then read, so the {@link MemoryPlanner} sees short live ranges and lets those
 * buffers share storage. Peak activation memory falls from the sum of all activations to about
 * the checkpoints plus one segment's activations: with k ≈ √n segments, O(√n).
 *
 * <p>The last segment is not recomputed: its backward runs right after the forward pass, so
 * keeping it costs no more memory than recomputing it. The extra work is therefore the forward
 * FLOPs of the first k−1 segments' non-checkpoint nodes, under one forward pass.
 *
 * <p>Cuts: the i-th of the k−1 cuts aims where the running sum of activation bytes reaches i/k
 * of the total (equal memory per segment), then moves, within half a segment's nodes either
 * way, to the position where the fewest bytes cross it. In residual and dense networks that is
 * a block's output, where one value is live rather than two or more; any cut is correct, since
 * every value crossing it is kept.
 *
 * <p>Recomputation is exact: a forward rule re-run by {@link Emitter#recomputing()} sees the same
 * inputs and the same run-time {@code seed} (dropout masks, fractional pooling regions are drawn
 * again identically), and must not update state: BatchNorm reuses the batch statistics the first
 * run saved ({@link Emitter#kept}) and leaves the running statistics alone.
 */
public final class Checkpointing {
    private Checkpointing() {
    }

    /**
     * A segmentation of a graph's nodes.
     *
     * @param starts         index in {@code graph.nodes()} where each segment begins (the first is 0)
     * @param kept           the checkpoints: values made in a recomputed segment that stay alive
     * @param recompute      per segment, the nodes (views included) whose forward rules are re-run
     *                       before that segment's backward rules, in forward order; empty for the last
     * @param recomputeFlops forward FLOPs per sample of the re-run nodes
     * @param forwardFlops   forward FLOPs per sample of the whole graph
     */
    public record Plan(List<Integer> starts, Set<Value> kept, List<List<Node>> recompute, long recomputeFlops,
                       long forwardFlops) {
        public Plan {
            starts = List.copyOf(starts);
            kept = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(kept));
            recompute = recompute.stream().map(List::copyOf).toList();
        }

        public int segments() {
            return starts.size();
        }

        /** Recomputation as a share of one forward pass, in percent. */
        public double recomputePercent() {
            return forwardFlops == 0 ? 0 : 100.0 * recomputeFlops / forwardFlops;
        }
    }

    /** The segment count of the seed's recipe for {@code g}: √n, n its nodes that run kernels (at least 1). */
    public static int sqrtSegments(Graph g) {
        return Math.max(1, (int) Math.round(Math.sqrt(computeNodes(g))));
    }

    private static int computeNodes(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (!node.op().isView()) {
                n++;
            }
        }
        return n;
    }

    /** The plan with (at most) {@code segments} segments; 1 or fewer: a single segment, nothing recomputed. */
    public static Plan plan(Graph g, int segments) {
        int k = Math.max(1, Math.min(segments, computeNodes(g)));
        if (k == 1) {
            return plan(g, List.of(0));
        }
        List<Node> nodes = g.nodes();
        int n = nodes.size();
        Uses u = Uses.of(g);
        // crossing[i]: elements per sample of the values made at or before i and read after i (all
        // values have one precision, so elements weigh as bytes do); cumulative[i]: of those made up to i.
        long[] crossing = new long[n];
        long[] cumulative = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Node node = nodes.get(i);
            if (!node.op().isView()) {
                total += node.output().shape().elements();
            }
            cumulative[i] = total;
        }
        for (Map.Entry<Value, Integer> e : u.made().entrySet()) {
            int end = Math.min(n, u.lastUse(e.getKey()));
            for (int i = e.getValue(); i < end; i++) {
                crossing[i] += e.getKey().shape().elements();
            }
        }
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        int half = Math.max(1, n / (2 * k));
        for (int c = 1; c < k; c++) {
            long target = total * c / k;
            int ideal = 0;
            while (ideal < n - 1 && cumulative[ideal] < target) {
                ideal++;
            }
            int best = -1;
            int lo = Math.max(starts.get(starts.size() - 1), ideal - half);
            int hi = Math.min(n - 2, ideal + half);
            for (int i = lo; i <= hi; i++) {
                if (best < 0 || crossing[i] < crossing[best]
                        || crossing[i] == crossing[best] && Math.abs(i - ideal) < Math.abs(best - ideal)) {
                    best = i;
                }
            }
            if (best >= 0 && best + 1 > starts.get(starts.size() - 1)) {
                starts.add(best + 1); // the cut is after node best
            }
        }
        return plan(g, starts);
    }

    /**
     * The plan whose segments begin at {@code starts} (indices into {@code g.nodes()}, increasing,
     * the first 0): any cut is correct, since every value that crosses one is kept.
     */
    public static Plan plan(Graph g, List<Integer> starts) {
        List<Node> nodes = g.nodes();
        int n = nodes.size();
        if (starts.isEmpty() || starts.get(0) != 0) {
            throw new IllegalArgumentException("the first segment begins at node 0: " + starts);
        }
        for (int s = 1; s < starts.size(); s++) {
            if (starts.get(s) <= starts.get(s - 1) || starts.get(s) >= n) {
                throw new IllegalArgumentException("segment starts must increase within the " + n + " nodes: "
                        + starts);
            }
        }
        Uses u = Uses.of(g);
        Set<Value> kept = new LinkedHashSet<>();
        List<List<Node>> recompute = new ArrayList<>();
        long recomputeFlops = 0;
        long forwardFlops = 0;
        for (Node node : nodes) {
            forwardFlops += node.op().flops(node.attrs(), node.inputTypes(), node.output().type());
        }
        for (int s = 0; s < starts.size(); s++) {
            int begin = starts.get(s);
            int end = s + 1 < starts.size() ? starts.get(s + 1) : n;
            List<Node> rerun = new ArrayList<>();
            if (s + 1 < starts.size()) {
                for (int i = begin; i < end; i++) {
                    Node node = nodes.get(i);
                    Value r = u.root().get(node.output());
                    if (!u.made().containsKey(r) || u.made().get(r) < begin) {
                        continue; // a view of a value from an earlier segment or of an input: nothing to redo
                    }
                    if (u.lastUse(r) >= end) {
                        kept.add(r);
                    } else {
                        rerun.add(node);
                        if (!node.op().isView()) {
                            recomputeFlops += node.op().flops(node.attrs(), node.inputTypes(), node.output().type());
                        }
                    }
                }
            }
            recompute.add(rerun);
        }
        return new Plan(starts, kept, recompute, recomputeFlops, forwardFlops);
    }

    /** No checkpointing plan within a memory budget. */
    public static final class OverBudget extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final long smallest;

        OverBudget(String message, long smallest) {
            super(message);
            this.smallest = smallest;
        }

        /** The smallest planned peak (bytes) any plan tried reaches. */
        public long smallest() {
            return smallest;
        }
    }

    /** A lowered program chosen for a memory budget, and the peak of the same options without checkpointing. */
    public record Fit(Lowered lowered, long peak, long peakWithout) {
    }

    /**
     * The lowering of {@code g} with {@code options} (training, memory planning on) and
     * {@code optimizer} whose planned training-step memory ({@link MemoryPlanner.Summary#totalPlanned})
     * is at most {@code budget} bytes with the fewest recomputed FLOPs: no checkpointing when that
     * fits, else the segment counts 2, 3, … up to 3√n are tried.
     *
     * @throws OverBudget naming the smallest peak reached when none fits
     */
    public static Fit fit(Graph g, Lowering.Options options, OptimizerLowering.Config optimizer, long budget) {
        return fit(g, g, options, optimizer, budget);
    }

    /** As {@link #fit(Graph, Lowering.Options, OptimizerLowering.Config, long)}, evaluating {@code inference}. */
    public static Fit fit(Graph g, Graph inference, Lowering.Options options, OptimizerLowering.Config optimizer,
                          long budget) {
        if (!options.training() || !options.planMemory()) {
            throw new IllegalArgumentException("a memory budget needs a training program with memory planning");
        }
        Lowered plain = Lowering.lower(g, inference, options.withCheckpointSegments(0), optimizer);
        long without = MemoryPlanner.summary(plain).totalPlanned();
        if (without <= budget) {
            return new Fit(plain, without, without);
        }
        // Plans are cheap, lowering is not: try the distinct plans by recomputed FLOPs, cheapest first.
        Map<List<Integer>, Integer> segmentCounts = new LinkedHashMap<>(); // distinct plans: cuts -> a k giving them
        List<Plan> order = new ArrayList<>();
        int max = Math.min(computeNodes(g), 3 * sqrtSegments(g));
        for (int k = 2; k <= max; k++) {
            Plan plan = plan(g, k);
            if (segmentCounts.putIfAbsent(plan.starts(), k) == null) {
                order.add(plan);
            }
        }
        order.sort(java.util.Comparator.comparingLong(Plan::recomputeFlops));
        long smallest = without;
        int smallestSegments = 1;
        for (Plan plan : order) {
            Lowered l = Lowering.lower(g, inference, options.withCheckpointSegments(segmentCounts.get(plan.starts())),
                    optimizer);
            long peak = MemoryPlanner.summary(l).totalPlanned();
            if (peak <= budget) {
                return new Fit(l, peak, without);
            }
            if (peak < smallest) {
                smallest = peak;
                smallestSegments = plan.segments();
            }
        }
        throw new OverBudget(String.format(Locale.ROOT, "training %s at batch %d needs more than --max-memory %s: the"
                        + " smallest planned peak reachable with checkpointing is %s (%,d bytes, %d segments;"
                        + " %s without)",
                g.name(), options.batch(), ReportFormat.bytes(budget), ReportFormat.bytes(smallest), smallest,
                smallestSegments, ReportFormat.bytes(without)), smallest);
    }

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
            "([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?)(?:I?B)?", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * A size as a user writes it: a number of bytes with an optional suffix K, M, G or T (powers
     * of 1024; {@code KiB}, {@code MB} and the like are read the same), e.g. {@code 512M},
     * {@code 1.5G}, {@code 1048576}.
     *
     * @throws IllegalArgumentException with a message naming {@code text} when it is not one
     */
    public static long parseSize(String text) {
        java.util.regex.Matcher m = SIZE.matcher(text.trim());
        double v = m.matches() ? Double.parseDouble(m.group(1)) : 0;
        if (v <= 0) {
            throw new IllegalArgumentException("not a memory size: `" + text + "` (write e.g. 512M, 2G or a number"
                    + " of bytes)");
        }
        int shift = 10 * "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 10;
        return (long) Math.floor(v * (m.group(2).isEmpty() ? 1 : (double) (1L << shift)));
    }

    /**
     * Where the values of a graph's storage live, by index in {@code g.nodes()}.
     *
     * @param root    for every value, the value that owns its storage (itself, or a view's input's owner)
     * @param made    for every owner made by a node, that node's index
     * @param lastUse for every owner, the index of the last node that reads it (or a view of it);
     *                {@link Integer#MAX_VALUE} for outputs
     */
    private record Uses(Map<Value, Value> root, Map<Value, Integer> made, Map<Value, Integer> lastUse) {
        static Uses of(Graph g) {
            Map<Value, Value> root = new HashMap<>();
            Map<Value, Integer> made = new LinkedHashMap<>(); // ordered: the plan must be deterministic
            Map<Value, Integer> lastUse = new HashMap<>();
            for (Value in : g.inputs()) {
                root.put(in, in);
            }
            for (int i = 0; i < g.nodes().size(); i++) {
                Node node = g.nodes().get(i);
                for (Value in : node.inputs()) {
                    lastUse.merge(root.get(in), i, Math::max);
                }
                Value out = node.output();
                root.put(out, node.op().isView() ? root.get(node.inputs().get(0)) : out);
                if (!node.op().isView()) {
                    made.put(out, i);
                }
            }
            for (Value out : g.outputs().values()) {
                lastUse.put(root.get(out), Integer.MAX_VALUE);
            }
            return new Uses(root, made, lastUse);
        }

        /** The last node reading owner {@code v}; its own node when nothing reads it. */
        int lastUse(Value v) {
            return lastUse.getOrDefault(v, made.getOrDefault(v, -1));
        }
    }
}
