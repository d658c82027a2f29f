package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import dev.cnnc.train.optim.StepVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer as device kernels: phases that update every trainable parameter in place from
 * its gradient buffer ({@link Lowered#paramGrads}), with the optimizer's state in program
 * buffers named as PyTorch's {@code optimizer.state_dict()} names them per parameter
 * ({@code optimizer.<param>.momentum_buffer}, {@code optimizer.<param>.exp_avg},
 * {@code optimizer.<param>.exp_avg_sq}), so a checkpoint can save and restore them.
 *
 * <p>Phases added to the program (by {@link Lowering#lower(dev.cnnc.compiler.ir.Graph, Lowering.Options, Config)}):
 * <ul>
 *   <li>{@value #ZERO_OPTIMIZER_STATE}: zeroes every state buffer; run once before the first
 *       step of a fresh run (not on resume, where the checkpoint's state is written instead).
 *       Zero state is PyTorch's start: its momentum buffer starts as the first gradient, which
 *       is what {@code v = μ·0 + g} gives.</li>
 *   <li>{@value #GRAD_NORM}: the squared global L2 norm Σg² of all parameter gradients (as they
 *       are in the gradient buffers, before {@value #GRAD_SCALE}) into the one-element buffer
 *       {@value #GRAD_NORM_SQ_BUFFER}; partial sums per chunk of {@value #CHUNK} elements in
 *       {@value #GRAD_NORM_PARTIALS_BUFFER}, then a second pass adds them (no races).</li>
 *   <li>{@value #OPTIMIZER}: one launch per trainable parameter applying the step.</li>
 * </ul>
 *
 * <p>Run-time variables of the real type, set by the host before {@value #OPTIMIZER}:
 * {@value #LR} (the scheduled learning rate), {@value #GRAD_SCALE} (multiplies the gradient
 * buffer before anything else: {@code 1/k} for k accumulated batches times the clipping factor
 * {@code min(1, clip/(‖g/k‖ + 1e-6))}; 1 for neither), and for Adam/AdamW at step t = 1, 2, ...
 * {@value #ADAM_STEP_SIZE} = {@code lr / (1 − β1^t)} and {@value #ADAM_BIAS_CORRECTION2_SQRT} =
 * {@code √(1 − β2^t)}, computed in double as PyTorch does. Momentum, betas, eps and weight decay
 * are baked into the kernels.
 *
 * <p>The formulas are PyTorch's (dampening 0, amsgrad off): SGD {@code g = s·∇ + wd·θ},
 * {@code v = μv + g}, {@code θ −= η·v} (Nesterov: {@code θ −= η(g + μv)}; no momentum: {@code θ −= ηg});
 * Adam {@code g = s·∇ + wd·θ}, {@code m = β1 m + (1−β1) g}, {@code v = β2 v + (1−β2) g²},
 * {@code θ −= η·m̂/(√v̂ + ε)}; AdamW decays first, {@code θ ← θ(1 − η·wd)}, and adds no
 * {@code wd·θ} to g. Weight decay applies to every trainable parameter (biases and BatchNorm's
 * affine parameters too), as with PyTorch's single parameter group; BatchNorm's running
 * statistics are not parameters and are never updated here.
 */
public final class OptimizerLowering {
    // The names the host uses are the runtime's (StepVariables): the contract is written there once.
    public static final String ZERO_OPTIMIZER_STATE = StepVariables.ZERO_OPTIMIZER_STATE;
    public static final String GRAD_NORM = StepVariables.GRAD_NORM;
    public static final String OPTIMIZER = StepVariables.OPTIMIZER;

    public static final String LR = StepVariables.LR;
    public static final String GRAD_SCALE = StepVariables.GRAD_SCALE;
    public static final String ADAM_STEP_SIZE = StepVariables.ADAM_STEP_SIZE;
    public static final String ADAM_BIAS_CORRECTION2_SQRT = StepVariables.ADAM_BIAS_CORRECTION2_SQRT;

    public static final String GRAD_NORM_SQ_BUFFER = StepVariables.GRAD_NORM_SQ_BUFFER;
    public static final String GRAD_NORM_PARTIALS_BUFFER = "optimizer.grad_norm_partials";

    public static final String MOMENTUM_BUFFER = "momentum_buffer";
    public static final String EXP_AVG = "exp_avg";
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    /** Gradient elements summed by one work-item of the norm's first pass. */
    public static final int CHUNK = 1024;

    private OptimizerLowering() {
    }

    /**
     * An optimizer and its options, as the {@code optimizer} catalog
     * ({@link TrainingCatalogs#OPTIMIZERS}) names them: {@code sgd(lr, momentum, nesterov,
     * weight_decay)}, {@code adam(lr, beta1, beta2, eps, weight_decay)}, {@code adamw(...)}.
     * {@code lr} is the base learning rate for the host's schedule; the kernels take the
     * current one as the variable {@value #LR}. Options an optimizer does not have are 0/false.
     */
    public record Config(String name, double lr, double momentum, boolean nesterov, double weightDecay, double beta1,
                         double beta2, double eps) {
        public Config {
            TrainingCatalogs.OPTIMIZERS.require(name);
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("lr must be positive: " + lr);
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
            }
            if (nesterov && momentum == 0) {
                throw new IllegalArgumentException("Nesterov momentum requires a momentum (PyTorch's rule)");
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("weight_decay must not be negative: " + weightDecay);
            }
            if (!name.equals("sgd")) {
                if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                    throw new IllegalArgumentException("betas must be in [0, 1): " + beta1 + ", " + beta2);
                }
                if (!(eps > 0) || !Double.isFinite(eps)) {
                    throw new IllegalArgumentException("eps must be positive: " + eps);
                }
            }
        }

        public static Config sgd(double lr, double momentum, boolean nesterov, double weightDecay) {
            return new Config("sgd", lr, momentum, nesterov, weightDecay, 0, 0, 0);
        }

        public static Config adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
            return new Config("adam", lr, 0, false, weightDecay, beta1, beta2, eps);
        }

        public static Config adamw(double lr, double beta1, double beta2, double eps, double weightDecay) {
            return new Config("adamw", lr, 0, false, weightDecay, beta1, beta2, eps);
        }

        /**
         * From a checked {@code optimizer: ...} component; missing options take the catalog's
         * defaults ({@link TrainingCatalogs#OPTIMIZERS}).
         */
        public static Config of(Component c) {
            Attrs o = c.options();
            ComponentSpec spec = TrainingCatalogs.OPTIMIZERS.require(c.name());
            switch (c.name()) {
                case "sgd":
                    return sgd(num(o, spec, "lr"), num(o, spec, "momentum"),
                            o.has("nesterov") ? o.b("nesterov") : (Boolean) spec.option("nesterov").defaultValue(),
                            num(o, spec, "weight_decay"));
                case "adam":
                    return adam(num(o, spec, "lr"), num(o, spec, "beta1"), num(o, spec, "beta2"), num(o, spec, "eps"),
                            num(o, spec, "weight_decay"));
                default: // adamw
                    return adamw(num(o, spec, "lr"), num(o, spec, "beta1"), num(o, spec, "beta2"), num(o, spec, "eps"),
                            num(o, spec, "weight_decay"));
            }
        }

        /** The same optimizer with another base learning rate (the command line's {@code --lr}). */
        public Config withLr(double newLr) {
            return new Config(name, newLr, momentum, nesterov, weightDecay, beta1, beta2, eps);
        }

        @Override
        public String toString() {
            return name.equals("sgd")
                    ? "sgd(lr=" + lr + ", momentum=" + momentum + (nesterov ? ", nesterov" : "") + ", weight_decay="
                    + weightDecay + ")"
                    : name + "(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weight_decay="
                    + weightDecay + ")";
        }

        /** The optimizer of a model's checked {@code train { }} section ({@code Graph.training()}); sgd by default. */
        public static Config fromTraining(Attrs training) {
            Component c = training.component("optimizer");
            return of(c != null ? c : new Component("sgd", Attrs.EMPTY));
        }

        private static double num(Attrs o, ComponentSpec spec, String key) {
            return o.has(key) ? o.f(key) : spec.defaultOf(key);
        }

        /** True for Adam and AdamW (they need {@value #ADAM_STEP_SIZE} and {@value #ADAM_BIAS_CORRECTION2_SQRT}). */
        public boolean adamFamily() {
            return !name.equals("sgd");
        }

        /** The per-parameter state buffers' suffixes, in PyTorch's order. */
        public List<String> stateNames() {
            if (adamFamily()) {
                return List.of(EXP_AVG, EXP_AVG_SQ);
            }
            return momentum > 0 ? List.of(MOMENTUM_BUFFER) : List.of();
        }
    }

    /**
     * The parameters that the train section's {@code freeze: [layer, ...]} names: each entry a
     * layer's name or a prefix of names ending at a dot (a block instance: {@code layer1} freezes
     * {@code layer1.0.conv1.weight}). Empty without a train section or freeze list.
     */
    public static java.util.Set<String> frozen(dev.cnnc.compiler.ir.Graph g) {
        Attrs t = g.training();
        if (t == null || !(t.get("freeze") instanceof List<?> layers) || layers.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (dev.cnnc.compiler.ir.Param p : g.params()) {
            for (Object l : layers) {
                if (p.trainable() && (p.name().equals(l) || p.name().startsWith(l + "."))) {
                    out.add(p.name());
                }
            }
        }
        return java.util.Set.copyOf(out);
    }

    /** The program buffer holding state {@code state} (e.g. {@value #EXP_AVG}) of parameter {@code param}. */
    public static String stateBufferName(String param, String state) {
        return StepVariables.stateBufferName(param, state);
    }

    /** Adds the state buffers, kernels and the three optimizer phases to a training program being lowered. */
    static void lower(Lowering.State st, Config config, Map<String, List<Program.Launch>> phases) {
        if (!st.options.training()) {
            throw new CodegenException("an optimizer is only lowered for training");
        }
        Precision p = st.options.precision();
        Program.Variable.Type real = p == Precision.FP64 ? Program.Variable.Type.DOUBLE : Program.Variable.Type.FLOAT;
        Program.Variable lr = new Program.Variable(LR, real);
        Program.Variable gradScale = new Program.Variable(GRAD_SCALE, real);

        // State buffers, one per parameter and state, and their zeroing.
        Map<String, List<Integer>> state = new LinkedHashMap<>();
        List<Program.Launch> zero = new ArrayList<>();
        for (Map.Entry<String, Integer> e : st.paramGrads.entrySet()) {
            if (st.frozen.contains(e.getKey())) {
                continue; // as PyTorch, which keeps no state for a parameter without a gradient
            }
            long elements = elements(st, e.getValue());
            List<Integer> bufs = new ArrayList<>();
            for (String s : config.stateNames()) {
                int b = st.buffer(stateBufferName(e.getKey(), s), elements * p.bytes());
                bufs.add(b);
                if (elements > 0) {
                    zero.add(Lowering.zeroLaunch(st, b));
                }
            }
            state.put(e.getKey(), bufs);
        }
        phases.put(ZERO_OPTIMIZER_STATE, zero);

        phases.put(GRAD_NORM, gradNorm(st));

        KernelTemplate.Values v = new KernelTemplate.Values(p).r("WEIGHT_DECAY", config.weightDecay());
        String k;
        String update;
        List<String> scalars = new ArrayList<>(List.of(LR, GRAD_SCALE));
        List<Program.Variable> variables = new ArrayList<>(List.of(lr, gradScale));
        if (config.adamFamily()) {
            boolean decoupled = config.name().equals("adamw");
            v.i("L2_DECAY", !decoupled && config.weightDecay() > 0 ? 1 : 0)
                    .i("DECOUPLED_DECAY", decoupled && config.weightDecay() > 0 ? 1 : 0)
                    .r("BETA1", config.beta1()).r("ONE_MINUS_BETA1", 1 - config.beta1())
                    .r("BETA2", config.beta2()).r("ONE_MINUS_BETA2", 1 - config.beta2()).r("EPS", config.eps());
            k = emit(st, "optim_adam", v);
            update = k + "_step";
            scalars.addAll(List.of(ADAM_STEP_SIZE, ADAM_BIAS_CORRECTION2_SQRT));
            variables.add(new Program.Variable(ADAM_STEP_SIZE, real));
            variables.add(new Program.Variable(ADAM_BIAS_CORRECTION2_SQRT, real));
        } else {
            v.i("HAS_WEIGHT_DECAY", config.weightDecay() > 0 ? 1 : 0).r("MOMENTUM", config.momentum())
                    .i("NESTEROV", config.nesterov() ? 1 : 0);
            k = emit(st, "optim_sgd", v);
            update = k + (config.momentum() > 0 ? "_momentum" : "_plain");
        }
        phases.put(OPTIMIZER, multiTensor(st, k, update, state, scalars, variables));
    }

    /** Parameters updated by one launch: at most 16, so the arguments fit OpenCL's minimum of 1 KiB. */
    static final int TENSORS_PER_LAUNCH = 16;

    /** Work-items per work-group of the optimizer kernels. */
    static final int SEGMENT = 64;

    /**
     * Consecutive elements per work-item of the optimizer kernels: each parameter's range is
     * padded to whole work-groups of {@value #SEGMENT} × {@value #RUN} elements. Fewer, fuller
     * work-groups: on a CPU device each work-group is a scheduled task, and with one element per
     * work-item the tasks' overhead outweighed the few bytes each moved.
     */
    static final int RUN = 16;

    /**
     * The optimizer step as few launches as the argument limit allows: each generated kernel
     * updates up to {@value #TENSORS_PER_LAUNCH} parameters, calling the template's per-element
     * {@code update} function, over a 1-D range of their elements laid end to end, each
     * parameter's segment padded to whole work-groups of {@value #SEGMENT}: the work-group picks
     * the parameter (a branch uniform within it, so the element loop still vectorises) and no
     * work-group idles, where a 2-D range (parameter × widest parameter) idled most of its
     * work-items for parameters of unequal sizes.
     */
    private static List<Program.Launch> multiTensor(Lowering.State st, String k, String update,
                                                    Map<String, List<Integer>> state, List<String> scalars,
                                                    List<Program.Variable> variables) {
        List<String> params = new ArrayList<>();
        for (Map.Entry<String, Integer> e : st.paramGrads.entrySet()) {
            if (elements(st, e.getValue()) > 0 && !st.frozen.contains(e.getKey())) {
                params.add(e.getKey());
            }
        }
        // Similar sizes share a launch (kept from the 2-D range, where it mattered; harmless here).
        params.sort(java.util.Comparator.comparingLong(prm -> elements(st, st.paramGrads.get(prm))));
        // One kernel text for every launch (and every model): the sizes are arguments, and a launch
        // of fewer parameters fills its other slots with empty ones.
        String name = k + "_tensors" + TENSORS_PER_LAUNCH;
        int states = state.isEmpty() ? 0 : state.values().iterator().next().size();
        StringBuilder src = new StringBuilder("\n/* optimizer step of up to ").append(TENSORS_PER_LAUNCH)
                .append(" parameters, each a run of whole work-groups of ").append(SEGMENT).append(" × ").append(RUN)
                .append(" */\n__kernel void ").append(name).append('(');
        for (int t = 0; t < TENSORS_PER_LAUNCH; t++) {
            src.append(t == 0 ? "" : ", ").append("__global real* p").append(t).append(", __global const real* g")
                    .append(t);
            for (int j = 0; j < states; j++) {
                src.append(", __global real* s").append(t).append('_').append(j);
            }
        }
        for (String scalar : scalars) {
            src.append(", const real ").append(scalar);
        }
        List<Program.Launch> launches = new ArrayList<>();
        for (int first = 0; first < params.size(); first += TENSORS_PER_LAUNCH) {
            List<String> members = params.subList(first, Math.min(params.size(), first + TENSORS_PER_LAUNCH));
            List<Object> args = new ArrayList<>();
            long[] sizes = new long[TENSORS_PER_LAUNCH];
            for (int t = 0; t < TENSORS_PER_LAUNCH; t++) {
                String prm = members.get(Math.min(t, members.size() - 1)); // an empty slot repeats the last
                args.add(new Program.BufferRef(st.paramIndex(prm)));
                args.add(new Program.BufferRef(st.paramGrads.get(prm)));
                for (int sb : state.get(prm)) {
                    args.add(new Program.BufferRef(sb));
                }
                sizes[t] = t < members.size() ? elements(st, st.paramGrads.get(prm)) : 0;
            }
            args.addAll(variables);
            // in the unit of the template instance whose update function it calls
            launches.add(segmented(st, k.substring(0, k.lastIndexOf('_')), name, src.toString(), args, sizes, t -> {
                StringBuilder call = new StringBuilder(update).append("(p").append(t).append(", g").append(t);
                for (int j = 0; j < states; j++) {
                    call.append(", s").append(t).append('_').append(j);
                }
                call.append(", i");
                for (String scalar : scalars) {
                    call.append(", ").append(scalar);
                }
                return call.append(");").toString();
            }));
        }
        return launches;
    }

    /**
     * Completes a kernel over several tensors' elements laid end to end, each tensor's run padded
     * to whole work-groups of {@value #SEGMENT} work-items of {@value #RUN} elements (the
     * work-group picks the tensor: a branch uniform within it), adds it to the program and
     * returns its launch. {@code header} is the comment and the signature up to its last argument;
     * for each tensor t the kernel takes two more, {@code e<t>} (the work-groups up to the end of
     * its run) and {@code n<t>} (its elements, {@code sizes[t]}; 0 for an empty slot), appended to
     * {@code args}, so that the text does not depend on the sizes. {@code statement.apply(t)} is the
     * code for element {@code i} of tensor {@code t}.
     */
    static Program.Launch segmented(Lowering.State st, String family, String name, String header, List<Object> args,
                                    long[] sizes, java.util.function.IntFunction<String> statement) {
        StringBuilder src = new StringBuilder(header);
        for (int t = 0; t < sizes.length; t++) {
            src.append(", const ulong e").append(t).append(", const ulong n").append(t);
        }
        src.append(") {\n    const size_t group = get_group_id(0);\n");
        List<Object> all = new ArrayList<>(args);
        long groups = 0; // work-groups before tensor t
        long span = (long) SEGMENT * RUN; // elements per work-group
        for (int t = 0; t < sizes.length; t++) {
            long end = groups + (sizes[t] + span - 1) / span;
            String start = t == 0 ? "0" : "e" + (t - 1);
            src.append(t == 0 ? "    if" : " else if").append(" (group < e").append(t).append(") {\n")
                    .append("        const size_t first = (get_global_id(0) - ").append(start).append(" * ")
                    .append(SEGMENT).append(") * ").append(RUN).append(";\n")
                    .append("        for (size_t i = first; i < min(first + ").append(RUN).append(", (size_t)n")
                    .append(t).append("); i++) {\n            ")
                    .append(statement.apply(t)).append("\n        }\n    }");
            all.add(end);
            all.add(sizes[t]);
            groups = end;
        }
        src.append("\n}\n");
        st.kernels.addFixed(family, name, src.toString());
        return new Program.Launch(name, all, new long[] {groups * SEGMENT}, new long[] {SEGMENT}, family);
    }

    /**
     * Zeroes the parameters' gradients ({@code zero_param_grads}) in as few launches as the
     * argument limit allows, {@value #TENSORS_PER_LAUNCH} gradients each, as the optimizer step.
     */
    static List<Program.Launch> zeroParamGrads(Lowering.State st) {
        List<Integer> grads = new ArrayList<>();
        for (int g : st.paramGrads.values()) {
            if (elements(st, g) > 0) {
                grads.add(g);
            }
        }
        String name = "cnnc_zero_tensors" + TENSORS_PER_LAUNCH;
        StringBuilder header = new StringBuilder("\n/* zeroes up to ").append(TENSORS_PER_LAUNCH)
                .append(" parameter gradients, each a run of whole work-groups of ").append(SEGMENT).append(" × ")
                .append(RUN).append(" */\n__kernel void ").append(name).append('(');
        for (int t = 0; t < TENSORS_PER_LAUNCH; t++) {
            header.append(t == 0 ? "" : ", ").append("__global real* g").append(t);
        }
        List<Program.Launch> launches = new ArrayList<>();
        for (int first = 0; first < grads.size(); first += TENSORS_PER_LAUNCH) {
            List<Integer> members = grads.subList(first, Math.min(grads.size(), first + TENSORS_PER_LAUNCH));
            List<Object> args = new ArrayList<>();
            long[] sizes = new long[TENSORS_PER_LAUNCH];
            for (int t = 0; t < TENSORS_PER_LAUNCH; t++) {
                int g = members.get(Math.min(t, members.size() - 1)); // an empty slot repeats the last
                args.add(new Program.BufferRef(g));
                sizes[t] = t < members.size() ? elements(st, g) : 0;
            }
            launches.add(segmented(st, "zero", name, header.toString(), args, sizes, t -> "g" + t + "[i] = (real)0;"));
        }
        return launches;
    }

    private static List<Program.Launch> gradNorm(Lowering.State st) {
        Precision p = st.options.precision();
        Map<String, long[]> chunks = new LinkedHashMap<>(); // parameter -> {offset, chunks, elements}
        long partials = 0;
        for (Map.Entry<String, Integer> e : st.paramGrads.entrySet()) {
            if (st.frozen.contains(e.getKey())) {
                continue; // no gradient in PyTorch: clip_grad_norm_ skips it
            }
            long elements = elements(st, e.getValue());
            if (elements > Integer.MAX_VALUE - CHUNK) {
                throw new CodegenException("parameter " + e.getKey() + " is too large for the gradient norm: "
                        + elements + " elements");
            }
            long c = (elements + CHUNK - 1) / CHUNK;
            chunks.put(e.getKey(), new long[] {partials, c, elements});
            partials += c;
        }
        if (partials > Integer.MAX_VALUE) {
            throw new CodegenException("too many gradient chunks for the gradient norm: " + partials);
        }
        int partialBuf = st.buffer(GRAD_NORM_PARTIALS_BUFFER, Math.max(1, partials) * p.bytes());
        int total = st.buffer(GRAD_NORM_SQ_BUFFER, p.bytes());
        String k = emit(st, "optim_grad_norm", new KernelTemplate.Values(p).i("CHUNK", CHUNK).i("PARTIALS", partials));
        List<Program.Launch> phase = new ArrayList<>();
        for (Map.Entry<String, long[]> e : chunks.entrySet()) {
            long[] c = e.getValue();
            if (c[1] == 0) {
                continue;
            }
            phase.add(new Program.Launch(k + "_partial", List.of(
                    new Program.BufferRef(st.paramGradIndex(e.getKey())), new Program.BufferRef(partialBuf),
                    (int) c[0], (int) c[2]), new long[] {c[1]}, null));
        }
        phase.add(new Program.Launch(k + "_total", List.of(new Program.BufferRef(partialBuf),
                new Program.BufferRef(total)), new long[] {1}, null));
        return phase;
    }

    private static String emit(Lowering.State st, String template, KernelTemplate.Values values) {
        return st.instantiate(template, values);
    }

    private static long elements(Lowering.State st, int buffer) {
        return st.buffers.get(buffer).bytes() / st.options.precision().bytes();
    }
}
