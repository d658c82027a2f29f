package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.codegen.kernels.Kernels;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.BatchNorm;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a typed graph to a runtime {@link Program}: one buffer per value (views share their
 * input's), per parameter and per gradient; each node's forward rule in order; and, for
 * training, the loss and each node's backward rule in reverse order. This is cnnc's autodiff:
 * the backward program is built from the forward graph, and gradients of values that fan
 * out accumulate in one buffer. With gradient checkpointing ({@link Options#checkpointSegments},
 * {@link Checkpointing}) backward first re-runs each segment's forward rules into fresh buffers.
 *
 * <p>Requires: a checked graph (every shape known). Shapes and constants are baked into the
 * kernels, so the program is specific to one batch size and precision.
 */
public final class Lowering {
    private Lowering() {
    }

    /**
     * How a graph is lowered. Build it by name, {@code Options.builder().batch(32).training(true)
     * .loss(loss).build()}, or change one setting of existing options with {@link #toBuilder} or a
     * {@code withX} method; every way ends in the same checks (the compact constructor). Settings
     * not named take the builder's defaults: fp32, inference, no input gradients, no loss, memory
     * planned with in-place element-wise ops, GEMM kernels, {@link Tuning#CPU}, no checkpointing.
     *
     * @param batch          samples per run
     * @param precision      fp32 or fp64
     * @param training       batch statistics, active dropout, and a backward program
     * @param inputGradients also compute the gradients of the model's inputs (saliency)
     * @param lossFunction   the loss appended on the single output (training only), null for none:
     *                       see {@link LossLowering}
     * @param planMemory     share device storage between buffers whose values are never needed at
     *                       the same time ({@link MemoryPlanner}); off: one allocation per buffer
     * @param inPlace        with {@code planMemory}, let element-wise ops write their output over
     *                       an input that is dead after them ({@link MemoryPlanner.InPlace})
     * @param matrixKernels  run dense and one-group convolutions as register-blocked GEMMs
     *                       ({@link Gemm}: a CPU's choice); off: the direct kernels, one work-item
     *                       per output element (a GPU's choice, until the GEMM is tuned for GPUs)
     * @param tuning         the {@link GemmTiling} of each GEMM: tuned per shape ({@code cnnc tune}),
     *                       else the device kind's default
     * @param checkpointSegments gradient checkpointing (training only): cut the forward pass into
     *                       this many segments and recompute all but the last in backward
     *                       ({@link Checkpointing}); 0 or 1: off, every activation is kept
     * @param int8           the layers of the inference phase that run in int8 (post-training
     *                       quantization), by node name; empty: none
     */
    public record Options(int batch, Precision precision, boolean training, boolean inputGradients,
                          LossLowering.Loss lossFunction, boolean planMemory, boolean inPlace,
                          boolean matrixKernels, Tuning tuning, int checkpointSegments, Map<String, Int8Layer> int8) {
        public Options {
            java.util.Objects.requireNonNull(precision, "precision");
            java.util.Objects.requireNonNull(tuning, "tuning");
            int8 = Map.copyOf(int8);
            if (!int8.isEmpty() && precision != Precision.FP32) {
                throw new IllegalArgumentException("int8 layers run in fp32 programs only");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1: " + batch);
            }
            if (checkpointSegments < 0) {
                throw new IllegalArgumentException("checkpoint segments must be at least 0: " + checkpointSegments);
            }
            if (checkpointSegments > 1 && !training) {
                throw new IllegalArgumentException("checkpointing is only lowered for training");
            }
            if (lossFunction != null && !training) {
                throw new IllegalArgumentException("a loss is only lowered for training");
            }
        }

        /** Options to fill in by name; {@link Builder#batch} has no default and must be set. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these options, to change some of them. */
        public Builder toBuilder() {
            return new Builder().batch(batch).precision(precision).training(training).inputGradients(inputGradients)
                    .loss(lossFunction).planMemory(planMemory).inPlace(inPlace).matrixKernels(matrixKernels)
                    .tuning(tuning).checkpointSegments(checkpointSegments).int8(int8);
        }

        /** Inference at {@code batch} in precision {@code p}, every other setting the builder's default. */
        public static Options inference(int batch, Precision p) {
            return builder().batch(batch).precision(p).build();
        }

        /** Training with softmax cross-entropy (no label smoothing). */
        public static Options training(int batch, Precision p) {
            return training(batch, p, LossLowering.Loss.crossEntropy(0));
        }

        /** Training with {@code loss}. */
        public static Options training(int batch, Precision p, LossLowering.Loss loss) {
            return builder().batch(batch).precision(p).training(true).loss(loss).build();
        }

        /** These options with memory planning {@code on} or off. */
        public Options withPlanMemory(boolean on) {
            return toBuilder().planMemory(on).build();
        }

        /** These options with in-place element-wise ops {@code on} or off. */
        public Options withInPlace(boolean on) {
            return toBuilder().inPlace(on).build();
        }

        /** These options with GEMM-based dense and convolution kernels {@code on} or off. */
        public Options withMatrixKernels(boolean on) {
            return toBuilder().matrixKernels(on).build();
        }

        /**
         * These options with gradient checkpointing in {@code segments} segments (0 or 1: off; see
         * {@link Checkpointing#sqrtSegments} for the seed's √n).
         */
        public Options withCheckpointSegments(int segments) {
            return toBuilder().checkpointSegments(segments).build();
        }

        /** These options with the GEMM tilings of {@code t}. */
        public Options withTuning(Tuning t) {
            return toBuilder().tuning(t).build();
        }

        /** Whether a loss is appended. */
        public boolean loss() {
            return lossFunction != null;
        }

        /**
         * {@link Options} by name. Each setter documents the record component it fills; nothing is
         * checked until {@link #build}, so settings may come in any order.
         */
        public static final class Builder {
            private int batch;
            private Precision precision = Precision.FP32;
            private boolean training;
            private boolean inputGradients;
            private LossLowering.Loss loss;
            private boolean planMemory = true;
            private boolean inPlace = true;
            private boolean matrixKernels = true;
            private Tuning tuning = Tuning.CPU;
            private int checkpointSegments;
            private Map<String, Int8Layer> int8 = Map.of();

            private Builder() {
            }

            /** {@link Options#batch}: no default. */
            public Builder batch(int samples) {
                this.batch = samples;
                return this;
            }

            /** {@link Options#precision}: default fp32. */
            public Builder precision(Precision p) {
                this.precision = p;
                return this;
            }

            /** {@link Options#training}: default off (inference). */
            public Builder training(boolean on) {
                this.training = on;
                return this;
            }

            /** {@link Options#inputGradients}: default off. */
            public Builder inputGradients(boolean on) {
                this.inputGradients = on;
                return this;
            }

            /** {@link Options#lossFunction}: default none (null); training only. */
            public Builder loss(LossLowering.Loss l) {
                this.loss = l;
                return this;
            }

            /** {@link Options#planMemory}: default on. */
            public Builder planMemory(boolean on) {
                this.planMemory = on;
                return this;
            }

            /** {@link Options#inPlace}: default on. */
            public Builder inPlace(boolean on) {
                this.inPlace = on;
                return this;
            }

            /** {@link Options#matrixKernels}: default on (a CPU's kernels). */
            public Builder matrixKernels(boolean on) {
                this.matrixKernels = on;
                return this;
            }

            /** {@link Options#tuning}: default {@link Tuning#CPU}. */
            public Builder tuning(Tuning t) {
                this.tuning = t;
                return this;
            }

            /** {@link Options#checkpointSegments}: default 0 (off); training only. */
            public Builder checkpointSegments(int segments) {
                this.checkpointSegments = segments;
                return this;
            }

            /** {@link Options#int8}: default none. */
            public Builder int8(Map<String, Int8Layer> layers) {
                this.int8 = layers;
                return this;
            }

            /**
             * The options named so far.
             *
             * @throws IllegalArgumentException when the batch is not at least 1 (or was never set),
             *     the checkpoint segments are negative, or a loss or checkpointing is asked for
             *     without training
             * @throws NullPointerException     for a null precision or tuning
             */
            public Options build() {
                return new Options(batch, precision, training, inputGradients, loss, planMemory, inPlace,
                        matrixKernels, tuning, checkpointSegments, int8);
            }
        }
    }

    /**
     * A layer that runs in int8 in the inference phase (post-training quantization): its input's
     * scale, and its output's, or null when its output stays float (the accumulators' real
     * values: a last layer). The weights, per-channel scales and bias are data the host writes
     * ({@link #INT8_PACK}); the scales here are baked in as kernel arguments.
     */
    public record Int8Layer(float inputScale, Float outputScale) {
        public Int8Layer {
            if (!(inputScale > 0) || Float.isInfinite(inputScale)
                    || outputScale != null && (!(outputScale > 0) || Float.isInfinite(outputScale))) {
                throw new IllegalArgumentException("int8 scales must be positive and finite: " + inputScale + ", "
                        + outputScale);
            }
        }
    }

    /**
     * The phase that packs the int8 layers' weights, run once after the host has written them (and
     * their bias, requantization and scale buffers, named {@code <layer>.int8_*}).
     */
    public static final String INT8_PACK = "int8_pack";

    /** Mutable state while one graph is lowered. */
    static final class State {
        /** Buffers the host writes once and every run reads (int8 layers' data): never shared. */
        final Set<Integer> pinned = new java.util.TreeSet<>();
        /** The launches of {@link #INT8_PACK}. */
        final List<Program.Launch> int8Pack = new ArrayList<>();
        final Options options;
        final List<Program.Buffer> buffers = new ArrayList<>();
        final Map<Value, Integer> values = new LinkedHashMap<>(); // ordered: the program must be deterministic
        final Map<Value, Integer> grads = new LinkedHashMap<>();
        final Map<String, Integer> params = new LinkedHashMap<>();
        final Map<String, Integer> paramGrads = new LinkedHashMap<>();
        /** The parameters the train section freezes: no optimizer state, no update, not in the gradient norm. */
        Set<String> frozen = Set.of();
        final Map<String, Integer> saved = new HashMap<>();
        /** Checkpointing: the buffers that a segment's recomputed forward writes and its backward reads. */
        final Map<Value, Integer> recomputedValues = new HashMap<>();
        final Map<String, Integer> recomputedSaved = new HashMap<>();
        /** The program's kernels, one block per distinct text ({@link KernelSource}). */
        final KernelSource kernels = new KernelSource();
        final Map<String, String> instances = new HashMap<>();
        final Map<String, Lowered.GemmUse> gemms = new LinkedHashMap<>();
        /**
         * The first writer of each activation gradient in backward ({@code node#input}): the last
         * consumer of the value, before any other consumer's backward adds to it. Not for the
         * gradients of the model's inputs and outputs (the host reads them, the loss writes them).
         */
        final Map<Integer, String> firstWriters = new HashMap<>();
        /** Gradients whose first writer overwrites them ({@link Emitter#firstGradient}): not zeroed. */
        final Set<Integer> overwritten = new java.util.HashSet<>();

        State(Options options) {
            this.options = options;
        }

        int buffer(String name, long bytes) {
            buffers.add(new Program.Buffer(name, bytes));
            return buffers.size() - 1;
        }

        /**
         * A buffer of {@code elements} activations or activation gradients: fp16 in mixed precision
         * ({@link Program.Buffer#half}; layers whose kernels take fp16 read and write it directly, the
         * others through {@link Emitter}'s fp32 working copies), else reals.
         */
        int activation(String name, long elements) {
            Precision p = options.precision();
            buffers.add(new Program.Buffer(name, elements * p.activationBytes(), -1, p.halfStorage()));
            return buffers.size() - 1;
        }

        boolean half(int buffer) {
            return buffers.get(buffer).half();
        }

        /** The buffer of {@code v}: its recomputed copy, once its segment's backward has begun, else its own. */
        int value(Value v) {
            Integer i = recomputedValues.get(v);
            return i != null ? i : values.get(v);
        }

        int paramIndex(String name) {
            Integer i = params.get(name);
            if (i == null) {
                throw new CodegenException("no parameter " + name);
            }
            return i;
        }

        int paramGradIndex(String name) {
            Integer i = paramGrads.get(name);
            if (i == null) {
                throw new CodegenException("no gradient buffer for parameter " + name);
            }
            return i;
        }

        int saved(Node node, String name, long bytes) {
            String key = node.name() + "#" + name;
            Integer i = saved.get(key);
            if (i == null) {
                i = buffer(node.name() + "." + name, bytes);
                saved.put(key, i);
            }
            return i;
        }

        /**
         * The saved buffer {@code name} of {@code node}: a fresh copy when {@code recomputing} (the
         * forward rule re-run by checkpointing), which backward then reads; else that copy when
         * there is one, else the buffer the first forward run wrote.
         */
        int saved(Node node, String name, long bytes, boolean recomputing) {
            String key = node.name() + "#" + name;
            Integer i = recomputedSaved.get(key);
            if (recomputing && i == null) {
                i = buffer("recomputed." + node.name() + "." + name, bytes);
                recomputedSaved.put(key, i);
            }
            return i != null ? i : saved(node, name, bytes);
        }

        /**
         * A scratch buffer shared by every node ({@code scratch.<name>}), as large as its largest
         * user asked: for intermediates that live within one node's launches (im2col columns), so
         * that nodes, which run one after another, need one between them.
         */
        int scratch(String name, long bytes) {
            String full = "scratch." + name;
            Integer i = saved.get(full);
            if (i == null) {
                i = buffer(full, bytes);
                saved.put(full, i);
            } else if (buffers.get(i).bytes() < bytes) {
                buffers.set(i, new Program.Buffer(full, bytes));
            }
            return i;
        }

        /**
         * The kernel-name prefix of {@code template} specialised with {@code values}, adding that
         * instance to the program the first time it is asked for: every node whose kernels have the
         * same text shares them. The prefix is the template's name and a hash of the instance's
         * text, so the same kernels get the same names (and their unit the same source) in every
         * program, which is what lets a unit built for one model or batch size serve another.
         */
        String instantiate(String template, KernelTemplate.Values values) {
            String key = template + "#" + values.map();
            String prefix = instances.get(key);
            if (prefix != null) {
                return prefix;
            }
            Map<String, String> v = new LinkedHashMap<>(values.map());
            v.put("KERNEL", KernelSource.NAME_TOKEN);
            String text = KernelTemplate.load(template).render(v);
            prefix = kernels.add(template, template + ": " + KernelSource.describe(values.map()), text);
            instances.put(key, prefix);
            return prefix;
        }
    }

    /** What every unit of a program's source starts with: fp64 enabled where needed, {@code real}. */
    public static String prelude(Precision p) {
        return (p == Precision.FP64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "") + "typedef " + p.cType()
                + " real;\n" + KernelTemplate.load("common").render(Map.of())
                + (p.halfStorage() ? KernelTemplate.load("common_half").render(Map.of()) : "");
    }

    public static Lowered lower(Graph graph, Options options) {
        return lower(graph, options, null);
    }

    /**
     * As {@link #lower(Graph, Options)}, plus, when {@code optimizer} is not null, the optimizer's
     * state buffers and phases ({@code zero_optimizer_state}, {@code grad_norm}, {@code optimizer}):
     * see {@link OptimizerLowering}.
     */
    public static Lowered lower(Graph graph, Options options, OptimizerLowering.Config optimizer) {
        return lower(graph, graph, options, optimizer);
    }

    /**
     * As {@link #lower(Graph, Options, OptimizerLowering.Config)}, with the {@code forward_inference}
     * phase of a training program lowered from {@code inference}: the same model after passes
     * legal only for inference (batchnorm folded), with the same inputs, outputs and parameters;
     * a value it has that {@code graph} lacks gets a buffer of its own.
     */
    public static Lowered lower(Graph graph, Graph inference, Options options, OptimizerLowering.Config optimizer) {
        return lower(graph, inference, options, optimizer, Checkpointing.plan(graph, options.checkpointSegments()));
    }

    /**
     * As {@link #lower(Graph, Options, OptimizerLowering.Config)}, checkpointing by {@code plan}
     * (tests choose cuts).
     */
    static Lowered lower(Graph graph, Options options, OptimizerLowering.Config optimizer, Checkpointing.Plan plan) {
        return lower(graph, graph, options, optimizer, plan);
    }

    private static Lowered lower(Graph graph, Graph inference, Options options, OptimizerLowering.Config optimizer,
                                 Checkpointing.Plan plan) {
        if (!inference.inputs().equals(graph.inputs()) || !inference.outputs().equals(graph.outputs())
                || !inference.params().stream().map(Param::name).sorted().toList()
                        .equals(graph.params().stream().map(Param::name).sorted().toList())) {
            throw new IllegalArgumentException("the inference graph of " + graph.name()
                    + " must have the training graph's inputs, outputs and parameters");
        }
        State st = new State(options);
        Precision p = options.precision();
        long n = options.batch();
        boolean training = options.training();
        if (training) {
            st.frozen = OptimizerLowering.frozen(graph);
        }

        for (Value in : graph.inputs()) {
            st.values.put(in, st.buffer("input." + in.name(), n * in.shape().elements() * p.bytes()));
            if (training && options.inputGradients()) {
                st.grads.put(in, st.buffer("grad.input." + in.name(), n * in.shape().elements() * p.bytes()));
            }
        }
        for (Param prm : graph.params()) {
            long bytes = prm.type().dtype().isFloat() ? prm.elements() * p.bytes() : prm.elements() * 8;
            st.params.put(prm.name(), st.buffer(prm.name(), bytes));
            if (training && prm.trainable()) {
                st.paramGrads.put(prm.name(), st.buffer("grad." + prm.name(), prm.elements() * p.bytes()));
            }
        }
        // The values the host reads (the outputs, and what an output is a view of) stay reals in
        // mixed precision, as do their gradients, which the loss writes.
        Set<Value> reals = realValues(graph);
        for (Node node : graph.nodes()) {
            Value out = node.output();
            if (node.op().isView()) {
                Value in = node.inputs().get(0);
                st.values.put(out, st.values.get(in));
                if (training && st.grads.containsKey(in)) {
                    st.grads.put(out, st.grads.get(in)); // the view's gradient is its input's
                } else if (training) {
                    // A view of a model input that needs no gradient: the view's own gradient ends here.
                    st.grads.put(out, st.activation("grad." + out.name(), n * out.shape().elements()));
                }
                continue;
            }
            if (reals.contains(out)) {
                st.values.put(out, st.buffer(out.name(), n * out.shape().elements() * p.bytes()));
                if (training) {
                    st.grads.put(out, st.buffer("grad." + out.name(), n * out.shape().elements() * p.bytes()));
                }
            } else {
                st.values.put(out, st.activation(out.name(), n * out.shape().elements()));
                if (training) {
                    st.grads.put(out, st.activation("grad." + out.name(), n * out.shape().elements()));
                }
            }
        }

        if (training) {
            Set<Integer> seen = new java.util.HashSet<>();
            for (Value out : graph.outputs().values()) {
                if (st.grads.containsKey(out)) {
                    seen.add(st.grads.get(out));
                }
            }
            for (Value in : graph.inputs()) {
                if (st.grads.containsKey(in)) {
                    seen.add(st.grads.get(in));
                }
            }
            for (int j = graph.nodes().size() - 1; j >= 0; j--) { // backward's order
                Node node = graph.nodes().get(j);
                for (int i = 0; !node.op().isView() && i < node.inputs().size(); i++) {
                    Integer b = st.grads.get(node.inputs().get(i));
                    // an input used twice (add(a, a), conv + residual of its own input) only adds
                    boolean once = java.util.Collections.frequency(node.inputs(), node.inputs().get(i)) == 1;
                    if (b != null && seen.add(b) && once) {
                        st.firstWriters.put(b, node.name() + "#" + i);
                    }
                }
            }
        }

        // A batch at which a batchnorm cannot train (one value per channel) gets the program's
        // evaluation and loss phases only: inference works, a training step is refused (see
        // BatchNorm#untrainableAt, ModelBinding#trainingRefusal).
        boolean steps = !training || BatchNorm.untrainableAt(graph, options.batch()) == null;
        Map<String, List<Program.Launch>> phases = new LinkedHashMap<>();
        List<Program.Launch> forward = new ArrayList<>();
        if (steps) {
            phases.put(Lowered.FORWARD, forward);
        }
        List<MemoryPlanner.InPlace> inPlace = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (steps && !node.op().isView()) {
                Emitter e = new Emitter(st, node, forward, "forward", training);
                Int8Layer q = training ? null : options.int8().get(node.name()); // an inference program's
                if (q != null) {
                    dev.cnnc.compiler.codegen.kernels.Int8Layers.forward(e, q);
                } else {
                    Kernels.of(node.op()).forward(e);
                }
                e.finish();
                inPlace(st, node, Lowered.FORWARD, forward, inPlace);
            }
        }
        if (training) {
            // The same model in inference mode (running statistics, no dropout), sharing every
            // buffer, so one program both trains and evaluates.
            List<Program.Launch> evaluation = new ArrayList<>();
            phases.put(Lowered.FORWARD_INFERENCE, evaluation);
            for (Node node : inference.nodes()) {
                Value out = node.output();
                if (!st.values.containsKey(out)) {
                    st.values.put(out, node.op().isView() ? st.values.get(node.inputs().get(0))
                            : reals.contains(out) ? st.buffer(out.name(), n * out.shape().elements() * p.bytes())
                            : st.activation(out.name(), n * out.shape().elements()));
                }
                if (!node.op().isView()) {
                    Emitter e = new Emitter(st, node, evaluation, "inference", false);
                    Int8Layer q = options.int8().get(node.name());
                    if (q != null) {
                        dev.cnnc.compiler.codegen.kernels.Int8Layers.forward(e, q);
                    } else {
                        Kernels.of(node.op()).forward(e);
                    }
                    e.finish();
                    inPlace(st, node, Lowered.FORWARD_INFERENCE, evaluation, inPlace);
                }
            }
        }
        java.util.Set<String> missing = new java.util.TreeSet<>(options.int8().keySet());
        (training ? inference : graph).nodes().forEach(nd -> missing.remove(nd.name()));
        if (!missing.isEmpty()) {
            throw new CodegenException("no layer of " + graph.name() + " is called " + String.join(", ", missing)
                    + " (int8 layers are named as in the model after batchnorm folding)");
        }
        if (!st.int8Pack.isEmpty()) {
            phases.put(INT8_PACK, st.int8Pack);
        }
        int labels = -1;
        int loss = -1;
        List<Program.Launch> zero = new ArrayList<>();
        if (training) {
            phases.put(Lowered.ZERO_GRADS, zero);
            if (steps) {
                phases.put(Lowered.ZERO_PARAM_GRADS, OptimizerLowering.zeroParamGrads(st));
            }
            List<Program.Launch> lossPhase = new ArrayList<>();
            if (options.loss()) {
                int[] lb = LossLowering.lower(st, graph, lossPhase);
                labels = lb[0];
                loss = lb[1];
            }
            phases.put(Lowered.LOSS, lossPhase);
            if (!steps) { // evaluation only: the loss adds into the outputs' gradients, zeroed first
                for (Value out : graph.outputs().values()) {
                    if (st.grads.containsKey(out)) {
                        zero.add(zeroLaunch(st, st.grads.get(out)));
                    }
                }
            }
        }
        if (training && steps) {
            List<Program.Launch> backward = new ArrayList<>();
            for (int s = plan.segments() - 1; s >= 0; s--) {
                recompute(st, plan.recompute().get(s), backward);
                int end = s + 1 < plan.segments() ? plan.starts().get(s + 1) : graph.nodes().size();
                for (int i = end - 1; i >= plan.starts().get(s); i--) {
                    Node node = graph.nodes().get(i);
                    if (!node.op().isView()) {
                        Emitter e = new Emitter(st, node, backward, "backward", true);
                        Kernels.of(node.op()).backward(e);
                        e.finish();
                    }
                }
            }
            // Zeroing the activation gradients: all in zero_grads, or, with memory planning, each
            // one just before backward first touches it, so that it is not live (holding zeros)
            // through the whole backward pass. The gradients of the outputs (the loss adds into
            // them) and of the model's inputs (the host reads them) stay in zero_grads.
            Set<Integer> zeroed = new java.util.TreeSet<>();
            Set<Integer> early = new java.util.HashSet<>();
            for (Value out : graph.outputs().values()) {
                Integer g = st.grads.get(out);
                if (g != null) {
                    early.add(g);
                }
            }
            for (Value in : graph.inputs()) {
                Integer g = st.grads.get(in);
                if (g != null) {
                    early.add(g);
                }
            }
            Map<Integer, Integer> firstUse = new HashMap<>();
            for (int i = 0; i < backward.size(); i++) {
                for (Object a : backward.get(i).args()) {
                    if (a instanceof Program.BufferRef r) {
                        firstUse.putIfAbsent(r.index(), i);
                    }
                }
            }
            Map<Integer, List<Program.Launch>> before = new HashMap<>();
            for (int g : st.grads.values()) {
                if (!zeroed.add(g) || st.overwritten.contains(g)) {
                    continue;
                }
                Integer at = firstUse.get(g);
                if (options.planMemory() && !early.contains(g) && at != null) {
                    before.computeIfAbsent(at, k -> new ArrayList<>()).add(zeroLaunch(st, g));
                } else {
                    zero.add(zeroLaunch(st, g));
                }
            }
            List<Program.Launch> zeroingBackward = new ArrayList<>();
            for (int i = 0; i < backward.size(); i++) {
                zeroingBackward.addAll(before.getOrDefault(i, List.of()));
                zeroingBackward.add(backward.get(i));
            }
            phases.put(Lowered.BACKWARD, zeroingBackward);
        }
        if (optimizer != null && steps) { // the optimizer's phases after backward (OptimizerLowering)
            OptimizerLowering.lower(st, optimizer, phases);
        }
        String sourceName = "cnnc_" + graph.name().replaceAll("[^A-Za-z0-9_]", "_") + ".cl";
        String header = "/* cnnc: " + Names.comment(graph.name()) + ", batch " + n + ", "
                + (p.halfStorage() ? "float with fp16 activations" : p.cType())
                + (training ? ", training" : ", inference") + " */\n";
        Program program = new Program(sourceName, st.kernels.source(header, prelude(p), phases), "", st.buffers,
                phases);
        if (p.halfStorage()) {
            HalfStorageCheck.check(program);
        }
        if (options.planMemory()) {
            Set<Integer> pinned = new java.util.TreeSet<>(st.params.values());
            pinned.addAll(st.paramGrads.values());
            pinned.addAll(st.pinned);
            for (Value in : graph.inputs()) {
                pinned.add(st.values.get(in));
                if (st.grads.containsKey(in)) {
                    pinned.add(st.grads.get(in));
                }
            }
            for (Value out : graph.outputs().values()) {
                pinned.add(st.values.get(out));
            }
            if (!training) {
                // Inference programs keep their (small) scratch readable after forward, for tools and tests.
                pinned.addAll(st.saved.values());
            }
            if (labels >= 0) {
                pinned.add(labels);
                pinned.add(loss);
            }
            program = MemoryPlanner.plan(program, pinned, options.inPlace() ? inPlace : List.of());
        }
        return new Lowered(graph, options, program, st.values, st.grads, st.params, st.paramGrads, st.saved, labels,
                loss, List.copyOf(st.gemms.values()), plan);
    }

    /**
     * Checkpointing: re-runs the forward rules of {@code nodes} (one segment's, in order) at the
     * end of {@code backward}, each writing a fresh copy of its output (views: their input's copy)
     * that the segment's backward rules then read ({@link State#value}).
     */
    private static void recompute(State st, List<Node> nodes, List<Program.Launch> backward) {
        Precision p = st.options.precision();
        for (Node node : nodes) {
            Value out = node.output();
            if (node.op().isView()) {
                st.recomputedValues.put(out, st.recomputedValues.get(node.inputs().get(0)));
                continue;
            }
            st.recomputedValues.put(out, st.half(st.values.get(out))
                    ? st.activation("recomputed." + out.name(), st.options.batch() * out.shape().elements())
                    : st.buffer("recomputed." + out.name(), st.options.batch() * out.shape().elements() * p.bytes()));
            Emitter e = new Emitter(st, node, backward, "forward", true, true);
            Kernels.of(node.op()).forward(e);
            e.finish();
        }
    }

    /**
     * Records where {@code node}'s forward (just emitted, last in {@code launches}) may write its
     * output over an input: element-wise ops ({@code add}, activations) whose single launch
     * reads input element i only in the work-item that writes output element i, for each input
     * of the output's shape. Whether that input is dead there is for {@link MemoryPlanner}.
     */
    private static void inPlace(State st, Node node, String phase, List<Program.Launch> launches,
                                List<MemoryPlanner.InPlace> out) {
        if (!(node.op() instanceof dev.cnnc.compiler.ops.Add || node.op() instanceof dev.cnnc.compiler.ops.Pointwise)
                || launches.isEmpty() || st.options.precision().halfStorage()) {
            return;
        }
        Program.Launch last = launches.get(launches.size() - 1);
        int output = st.values.get(node.output());
        if (!last.args().contains(new Program.BufferRef(output))) {
            return;
        }
        for (Value in : node.inputs()) {
            int input = st.values.get(in);
            if (in.shape().equals(node.output().shape()) && input != output) {
                out.add(new MemoryPlanner.InPlace(phase, launches.size() - 1, input, output));
            }
        }
    }

    /** A launch of {@code cnnc_zero} that sets {@code buffer} to zero. */
    static Program.Launch zeroLaunch(State st, int buffer) {
        if (st.half(buffer)) {
            st.kernels.addFixed("zero_half", "sets a buffer of fp16 values to zero", ZERO_HALF_KERNEL);
            return new Program.Launch("cnnc_zero_half", List.of(new Program.BufferRef(buffer)),
                    new long[] {st.buffers.get(buffer).bytes() / 2}, null, "zero " + st.buffers.get(buffer).name());
        }
        long elements = st.buffers.get(buffer).bytes() / st.options.precision().bytes();
        st.kernels.addFixed("zero", "sets a buffer to zero", ZERO_KERNEL);
        return new Program.Launch("cnnc_zero", List.of(new Program.BufferRef(buffer)), new long[] {elements}, null,
                "zero " + st.buffers.get(buffer).name());
    }

    /**
     * The values whose buffers stay reals in mixed precision: the graph's outputs, which the host
     * reads and the loss differentiates, and every value an output is a view of (they share its
     * buffer). The model's inputs have buffers of their own before any node.
     */
    private static Set<Value> realValues(Graph graph) {
        Map<Value, Node> producer = new HashMap<>();
        for (Node node : graph.nodes()) {
            producer.put(node.output(), node);
        }
        Set<Value> out = new java.util.HashSet<>();
        for (Value v : graph.outputs().values()) {
            Value at = v;
            while (at != null && out.add(at)) {
                Node p = producer.get(at);
                at = p != null && p.op().isView() ? p.inputs().get(0) : null;
            }
        }
        return out;
    }

    private static final String ZERO_HALF_KERNEL = """
            __kernel void cnnc_zero_half(__global half* x) {
                STORE_half(x, get_global_id(0), 0.0f);
            }
            """;

    private static final String ZERO_KERNEL = """
            __kernel void cnnc_zero(__global real* x) {
                x[get_global_id(0)] = (real)0;
            }
            """;
}
