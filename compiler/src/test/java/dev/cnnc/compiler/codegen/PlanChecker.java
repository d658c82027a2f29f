package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent check of a memory plan, written apart from {@link MemoryPlanner} and sharing
 * none of its code: it plays the host's phase sequences launch by launch and tracks, per
 * device allocation, which logical buffer last wrote it. Which arguments a kernel reads and
 * writes comes from the OpenCL source: {@code __global const} parameters are read; other
 * {@code __global} parameters are written, and read too when the buffer already holds a value
 * in this sequence. A gradient's first writer in a sequence either zeroes it ({@code cnnc_zero})
 * or overwrites it (the first backward contribution); whether that overwrite is complete, and
 * whether the later contributions accumulate, this check cannot see in the source: the
 * equivalence tests, which start every allocation as NaN and run several steps, show it.
 *
 * <p>Violations: a launch reads a buffer whose allocation was written by another logical buffer
 * since this one was last written; a launch reads a non-pinned buffer that nothing wrote earlier
 * in the sequence; two buffers of one launch share an allocation, unless the kernel is
 * element-wise in them (its source indexes both only as {@code p[i]} with
 * {@code i = get_global_id(0)}) and one is read, the other written (in place); a pinned buffer
 * (host-visible, or used outside the sequences) shares its allocation; after a sequence, a pinned
 * buffer's allocation is not its.
 */
final class PlanChecker {
    private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private PlanChecker() {
    }

    /** Per kernel name, for each parameter: null (not a buffer), true (const: read only), false (written). */
    static Map<String, List<Boolean>> signatures(String source) {
        Map<String, List<Boolean>> out = new HashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            List<Boolean> params = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                if (!p.contains("__global")) {
                    params.add(null);
                } else {
                    params.add(p.substring(0, p.indexOf('*')).contains("const"));
                }
            }
            out.put(m.group(1), params);
        }
        return out;
    }

    /**
     * Whether kernel {@code name} touches its parameters {@code a} and {@code b} (positions) only
     * as {@code a[i]} and {@code b[i]}, with {@code i} the global id: then a work-item reads a[i]
     * before it writes b[i] and no other work-item touches element i, so a and b may alias.
     */
    static boolean elementwise(String source, String name, int a, int b) {
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String[] params = m.group(2).split(",");
            int open = source.indexOf('{', m.end());
            int depth = 0;
            int end = open;
            for (; end < source.length(); end++) {
                char c = source.charAt(end);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            // common.cl's accessors by storage: LOAD_T(p, i) and STORE_T(p, i, v) use element p[i]
            String body = source.substring(open, end)
                    .replaceAll("\\b(?:LOAD|STORE)_(?:real|half)\\(\\s*(\\w+)\\s*,\\s*i\\s*(?=[,)])", "$1[i] ");
            if (!Pattern.compile("\\bi\\s*=\\s*get_global_id\\(0\\)").matcher(body).find()) {
                return false;
            }
            for (int k : new int[] {a, b}) {
                String[] words = params[k].trim().split("[\\s*]+");
                String p = words[words.length - 1];
                Matcher use = Pattern.compile("\\b" + p + "\\b(\\s*\\[[^\\]]*\\])?").matcher(body);
                while (use.find()) {
                    if (use.group(1) == null || !use.group(1).replaceAll("\\s", "").equals("[i]")) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** The violations found (empty: the plan is sound for these sequences). */
    static List<String> check(Lowered l) {
        Program p = l.program();
        List<String> errors = new ArrayList<>();
        Map<String, List<Boolean>> sig = signatures(p.source());
        int[] alloc = p.allocationOf();
        Set<Integer> pinned = new HashSet<>(l.params().values());
        pinned.addAll(l.paramGrads().values());
        l.graph().inputs().forEach(v -> {
            pinned.add(l.value(v));
            if (l.grads().containsKey(v)) {
                pinned.add(l.grad(v));
            }
        });
        l.graph().outputs().values().forEach(v -> pinned.add(l.value(v)));
        if (l.labels() >= 0) {
            pinned.add(l.labels());
            pinned.add(l.loss());
        }
        List<List<String>> sequences = new ArrayList<>();
        if (p.phases().containsKey(Lowered.BACKWARD)) {
            sequences.add(List.of("forward", "zero_grads", "loss", "backward"));
            sequences.add(List.of("forward_inference", "zero_grads", "loss"));
        } else {
            sequences.add(List.of("forward"));
        }
        Set<String> played = new HashSet<>();
        sequences.forEach(played::addAll);
        for (Map.Entry<String, List<Program.Launch>> e : p.phases().entrySet()) {
            if (!played.contains(e.getKey())) {
                e.getValue().forEach(launch -> launch.args().forEach(a -> {
                    if (a instanceof Program.BufferRef r) {
                        pinned.add(r.index());
                    }
                }));
            }
        }
        Map<Integer, Integer> users = new HashMap<>();
        for (int a : alloc) {
            users.merge(a, 1, Integer::sum);
        }
        for (int b : pinned) {
            if (users.get(alloc[b]) != 1) {
                errors.add("pinned buffer " + name(p, b) + " shares its storage");
            }
        }
        for (List<String> seq : sequences) {
            Map<Integer, Integer> owner = new HashMap<>();
            Set<Integer> written = new HashSet<>(pinned);
            for (int b : pinned) {
                owner.put(alloc[b], b);
            }
            int t = 0;
            for (String phase : seq) {
                for (Program.Launch launch : p.phases().getOrDefault(phase, List.of())) {
                    String where = seq + " launch " + t + " (" + phase + ", " + launch.kernel() + ")";
                    List<Boolean> params = sig.get(launch.kernel());
                    if (params == null || params.size() != launch.args().size()) {
                        errors.add(where + ": no kernel signature matching its arguments");
                        t++;
                        continue;
                    }
                    Map<Integer, Integer> allocs = new HashMap<>();
                    List<Integer> writes = new ArrayList<>();
                    for (int i = 0; i < launch.args().size(); i++) {
                        if (!(launch.args().get(i) instanceof Program.BufferRef r)) {
                            continue;
                        }
                        int b = r.index();
                        Integer prev = allocs.put(alloc[b], i);
                        if (prev != null && launch.args().get(prev) instanceof Program.BufferRef o && o.index() != b
                                && !(params.get(i) != params.get(prev) && elementwise(p.source(), launch.kernel(), prev, i))) {
                            errors.add(where + ": " + name(p, b) + " and " + name(p, o.index()) + " share storage");
                        }
                        boolean readOnly = params.get(i);
                        boolean reads = readOnly || written.contains(b);
                        if (readOnly && !written.contains(b)) {
                            errors.add(where + ": reads " + name(p, b) + " which nothing wrote in the sequence");
                        } else if (reads && !Integer.valueOf(b).equals(owner.get(alloc[b]))) {
                            errors.add(where + ": reads " + name(p, b) + " but its storage was overwritten by "
                                    + name(p, owner.get(alloc[b])));
                        }
                        if (!readOnly) {
                            writes.add(b);
                        }
                    }
                    for (int b : writes) {
                        owner.put(alloc[b], b);
                        written.add(b);
                    }
                    t++;
                }
            }
            for (int b : pinned) {
                if (!Integer.valueOf(b).equals(owner.get(alloc[b]))) {
                    errors.add(seq + ": pinned " + name(p, b) + " overwritten");
                }
            }
        }
        return errors;
    }

    private static String name(Program p, Integer b) {
        return b == null ? "nothing" : p.buffers().get(b).name() + " (#" + b + ")";
    }
}
