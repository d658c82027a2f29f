package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Liveness-based sharing of device storage between the buffers of a lowered program.
 *
 * <p>The host drives a program in fixed sequences of phases (see {@code Trainer},
 * {@code Evaluation}, {@code ModelSession}, {@code BenchCommand}): a training step
 * {@value #STEP}, an evaluation {@value #EVAL}, inference {@code forward}. Between sequences
 * only <em>pinned</em> buffers keep their values: parameters and running statistics, parameter
 * gradients, the optimizer's state, the inputs, their gradients, the outputs, labels and loss
 * (whatever the host writes before or reads after a sequence), and every buffer that a phase
 * outside these sequences touches ({@code zero_param_grads}, {@code grad_norm},
 * {@code optimizer}, ...). Every other buffer (activations, their gradients, saved scratch) is
 * written in a sequence before it is read there.
 *
 * <p>The planner numbers the launches of each sequence; a plannable buffer is live in a
 * sequence from the first launch that names it to the last (inclusive: an argument may be read
 * or written, so both ends count). Two plannable buffers may share storage when their live
 * ranges are disjoint in every sequence. Storage is assigned greedily, largest buffer first,
 * to the first storage whose members are all disjoint from it (first fit; storage size is its
 * largest member). Pinned buffers keep storage of their own.
 *
 * <p>In place: two buffers named by one launch overlap there, so they share only as an
 * {@link InPlace} pair: an element-wise launch whose input's live range ends at that launch in
 * every sequence where the output's begins there (its value is not needed later, by backward
 * either) may write the output over the input.
 *
 * <p>Gradients of activations only become short-lived because {@link Lowering} zeroes each one
 * just before backward first touches it when planning is on (rather than all in
 * {@code zero_grads}).
 */
public final class MemoryPlanner {
    /** The phases of one training step, in the order the host runs them. */
    public static final List<String> STEP = List.of(Lowered.FORWARD, Lowered.ZERO_GRADS, Lowered.LOSS,
            Lowered.BACKWARD);
    /** The phases of one evaluation batch. */
    public static final List<String> EVAL = List.of(Lowered.FORWARD_INFERENCE, Lowered.ZERO_GRADS, Lowered.LOSS);

    private MemoryPlanner() {
    }

    /** The sequences of phases a program is driven in (those of its phases it has). */
    public static List<List<String>> sequences(Program p) {
        List<List<String>> out = new ArrayList<>();
        if (p.phases().containsKey(Lowered.BACKWARD)) {
            out.add(STEP);
            out.add(EVAL);
        } else {
            out.add(List.of(Lowered.FORWARD));
        }
        return out;
    }

    /**
     * Launch {@code launch} of {@code phase} reads element i of buffer {@code input} only in the
     * work-item that writes element i of {@code output} (the same shape), so the output may
     * overwrite the input when the input is dead after it.
     */
    public record InPlace(String phase, int launch, int input, int output) {
    }

    /** {@code program} with shared storage for every buffer not in {@code pinned} (see the class comment). */
    public static Program plan(Program program, Set<Integer> pinned) {
        return plan(program, pinned, List.of());
    }

    /** As {@link #plan(Program, Set)}, with element-wise launches that may run in place. */
    public static Program plan(Program program, Set<Integer> pinned, List<InPlace> inPlace) {
        int n = program.buffers().size();
        List<List<String>> sequences = sequences(program);
        Set<String> inSequences = new HashSet<>();
        sequences.forEach(inSequences::addAll);
        boolean[] fixed = new boolean[n];
        for (int i : pinned) {
            fixed[i] = true;
        }
        for (Map.Entry<String, List<Program.Launch>> e : program.phases().entrySet()) {
            if (!inSequences.contains(e.getKey())) {
                for (Program.Launch l : e.getValue()) {
                    for (Object a : l.args()) {
                        if (a instanceof Program.BufferRef r) {
                            fixed[r.index()] = true;
                        }
                    }
                }
            }
        }
        // first[s][b], last[s][b]: launch numbers in sequence s; -1 where b is unused there.
        int[][] first = new int[sequences.size()][n];
        int[][] last = new int[sequences.size()][n];
        boolean[] used = new boolean[n];
        for (int s = 0; s < sequences.size(); s++) {
            Arrays.fill(first[s], -1);
            Arrays.fill(last[s], -1);
            int t = 0;
            for (String phase : sequences.get(s)) {
                for (Program.Launch l : program.phases().getOrDefault(phase, List.of())) {
                    for (Object a : l.args()) {
                        if (a instanceof Program.BufferRef r) {
                            int b = r.index();
                            used[b] = true;
                            if (first[s][b] < 0) {
                                first[s][b] = t;
                            }
                            last[s][b] = t;
                        }
                    }
                    t++;
                }
            }
        }
        // In-place pairs by sequence: "input,output" -> launch numbers in that sequence.
        List<Map<Long, Set<Integer>>> pairs = new ArrayList<>();
        for (List<String> seq : sequences) {
            Map<Long, Set<Integer>> m = new java.util.HashMap<>();
            for (InPlace ip : inPlace) {
                int offset = 0;
                for (String phase : seq) {
                    if (phase.equals(ip.phase())) {
                        m.computeIfAbsent(key(ip.input(), ip.output()), k -> new HashSet<>()).add(offset + ip.launch());
                    }
                    offset += program.phases().getOrDefault(phase, List.of()).size();
                }
            }
            pairs.add(m);
        }
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            if (!fixed[b] && used[b]) {
                order.add(b);
            }
        }
        // Largest first; ties by index so the plan is deterministic.
        order.sort(Comparator.comparingLong((Integer b) -> -program.buffers().get(b).bytes())
                .thenComparingInt(b -> b));
        List<List<Integer>> storages = new ArrayList<>();
        int[] storage = new int[n];
        Arrays.fill(storage, -1);
        for (int b : order) {
            int chosen = -1;
            for (int s = 0; s < storages.size() && chosen < 0; s++) {
                boolean fits = true;
                for (int other : storages.get(s)) {
                    if (overlap(first, last, pairs, b, other)) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    chosen = s;
                }
            }
            if (chosen < 0) {
                chosen = storages.size();
                storages.add(new ArrayList<>());
            }
            storages.get(chosen).add(b);
            storage[b] = chosen;
        }
        List<Program.Buffer> buffers = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            buffers.add(program.buffers().get(b).withStorage(storage[b]));
        }
        return new Program(program.sourceName(), program.source(), program.buildOptions(), buffers,
                program.phases());
    }

    /** Whether a and b are live together in some sequence, other than as an in-place pair. */
    private static boolean overlap(int[][] first, int[][] last, List<Map<Long, Set<Integer>>> pairs, int a, int b) {
        for (int s = 0; s < first.length; s++) {
            if (first[s][a] >= 0 && first[s][b] >= 0 && first[s][a] <= last[s][b] && first[s][b] <= last[s][a]
                    && !inPlace(pairs.get(s), first[s], last[s], a, b) && !inPlace(pairs.get(s), first[s], last[s], b, a)) {
                return true;
            }
        }
        return false;
    }

    /** Input {@code in} ends exactly where output {@code out} begins, at a launch that may run in place. */
    private static boolean inPlace(Map<Long, Set<Integer>> pairs, int[] first, int[] last, int in, int out) {
        Set<Integer> at = pairs.get(key(in, out));
        return at != null && last[in] == first[out] && at.contains(first[out]);
    }

    private static long key(int input, int output) {
        return ((long) input << 32) | output;
    }

    /**
     * Device memory of a lowered program by role, in bytes, as the executor allocates it:
     * {@code weights} (parameters and running statistics), {@code gradients} (parameter
     * gradients), {@code optimizer} (buffers named {@code optimizer.*}: state and the gradient
     * norm's scratch), and everything else ({@code activations}: inputs, values, their
     * gradients, saved scratch, labels, loss) both as planned (shared storage counted once) and
     * naive (the plain sum of the logical buffers).
     */
    public record Summary(long weights, long gradients, long optimizer, long activationsPlanned,
                          long activationsNaive) {
        public long totalPlanned() {
            return weights + gradients + optimizer + activationsPlanned;
        }

        public long totalNaive() {
            return weights + gradients + optimizer + activationsNaive;
        }
    }

    /** The {@link Summary} of {@code l}'s program. */
    public static Summary summary(Lowered l) {
        Program p = l.program();
        Set<Integer> weights = new HashSet<>(l.params().values());
        Set<Integer> grads = new HashSet<>(l.paramGrads().values());
        long w = 0;
        long g = 0;
        long o = 0;
        long naive = 0;
        long[] allocation = p.allocationBytes();
        int[] of = p.allocationOf();
        Set<Integer> counted = new HashSet<>();
        long planned = 0;
        for (int i = 0; i < p.buffers().size(); i++) {
            Program.Buffer b = p.buffers().get(i);
            if (weights.contains(i)) {
                w = Math.addExact(w, b.bytes());
            } else if (grads.contains(i)) {
                g = Math.addExact(g, b.bytes());
            } else if (b.name().startsWith("optimizer.")) {
                o = Math.addExact(o, b.bytes());
            } else {
                naive = Math.addExact(naive, b.bytes());
                if (counted.add(of[i])) {
                    planned = Math.addExact(planned, allocation[of[i]]);
                }
            }
        }
        return new Summary(w, g, o, planned, naive);
    }
}
