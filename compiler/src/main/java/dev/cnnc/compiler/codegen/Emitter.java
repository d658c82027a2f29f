package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.codegen.kernels.OpKernels;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an op's {@code forward} or {@code backward} rule sees while one node is lowered: its
 * buffers (inputs, output, parameters, their gradients, and scratch buffers saved from
 * forward for backward), and a way to add specialised kernels and their launches.
 *
 * <p>Gradient buffers accumulate: a backward rule adds ({@code +=}) into the gradients of
 * its inputs and parameters, so values that fan out sum their gradients with no extra pass.
 *
 * <p>Mixed precision: activations and their gradients are stored as fp16
 * ({@link Program.Buffer#half}), and every rule still computes on reals. The buffers a rule gets
 * for them are fp32 working copies of this node's: {@link #finish} adds a launch before the
 * rule's that widens each half buffer it reads (its inputs; in backward its output and output
 * gradient; the input gradients it adds to) into its copy, and one after that rounds each copy it
 * writes back to fp16 (round to nearest even, as PyTorch's casts). A copy lives only through the
 * node's launches, so the memory planner gives all of them a few shared allocations.
 */
public final class Emitter {
    private final Lowering.State state;
    private final Node node;
    private final List<Program.Launch> phase;
    private final String direction;
    private final boolean training;
    private final boolean recomputing;
    /** Where this node's launches begin in {@link #phase}: the widening launches go there. */
    private final int start;
    /** Mixed precision: half buffer to its fp32 working copy, and which to widen and round back. */
    private final Map<Integer, Integer> copies = new LinkedHashMap<>();
    private final Set<Integer> widen = new LinkedHashSet<>();
    private final Set<Integer> narrow = new LinkedHashSet<>();
    /** The half gradient buffers of inputs this rule asked for, by input index. */
    private final Map<Integer, Integer> gradInputs = new LinkedHashMap<>();
    /** {@link #halfStorage}, once asked. */
    private Boolean native_;

    Emitter(Lowering.State state, Node node, List<Program.Launch> phase, String direction, boolean training) {
        this(state, node, phase, direction, training, false);
    }

    Emitter(Lowering.State state, Node node, List<Program.Launch> phase, String direction, boolean training,
            boolean recomputing) {
        this.state = state;
        this.node = node;
        this.phase = phase;
        this.direction = direction;
        this.training = training;
        this.recomputing = recomputing;
        this.start = phase.size();
    }

    public Node node() {
        return node;
    }

    public Attrs attrs() {
        return node.attrs();
    }

    public int batch() {
        return state.options.batch();
    }

    public Precision precision() {
        return state.options.precision();
    }

    /**
     * True when emitting the training-mode computation (batch statistics, dropout active);
     * false for inference, including the {@code forward_inference} phase of a training program.
     */
    /** Whether dense and convolutions are lowered to GEMMs ({@link Lowering.Options#matrixKernels}). */
    public boolean matrixKernels() {
        return state.options.matrixKernels();
    }

    /** The tiling of the product {@code s} ({@link Lowering.Options#tuning}). */
    public Tuning.Choice gemmTiling(Tunable s) {
        return state.options.tuning().gemm(s);
    }

    /** Whether untuned products get the GPU defaults. */
    public boolean gpuDefaults() {
        return state.options.tuning().gpu();
    }

    /** Records that kernel {@code kernel} computes {@code s} with {@code choice} ({@link Lowered#gemms}). */
    public void gemmUsed(String kernel, Tunable s, Tuning.Choice choice) {
        state.gemms.putIfAbsent(kernel, new Lowered.GemmUse(kernel, s, choice));
    }

    public boolean training() {
        return training;
    }

    /**
     * True when a forward rule is re-run in backward to recreate activations that gradient
     * checkpointing dropped ({@link Checkpointing}). Its output and {@link #saved} buffers are then
     * fresh copies that the node's backward rule reads; the rule must recompute them exactly as
     * the first run did and must not update state a second time (running statistics): what the
     * first run computed and should be reused is read through {@link #kept}.
     */
    public boolean recomputing() {
        return recomputing;
    }

    public TensorType inputType(int i) {
        return node.inputs().get(i).type();
    }

    public TensorType outputType() {
        return node.output().type();
    }

    public Program.BufferRef input(int i) {
        return real(state.value(node.inputs().get(i)), true, false);
    }

    /** The output: written by a forward rule, read by a backward rule. */
    public Program.BufferRef output() {
        boolean backward = direction.equals("backward") && !recomputing;
        return real(state.value(node.output()), backward, !backward);
    }

    public Program.BufferRef param(String suffix) {
        return new Program.BufferRef(state.paramIndex(node.name() + "." + suffix));
    }

    /**
     * The parameter with full name {@code name}, owned by this node or another (a batchnorm's
     * statistics, read by the convolution it is folded into).
     */
    public Program.BufferRef paramNamed(String name) {
        return new Program.BufferRef(state.paramIndex(name));
    }

    public Program.BufferRef gradOutput() {
        return real(state.grads.get(node.output()), true, false);
    }

    /** The gradient buffer of input {@code i}, or null when that input needs no gradient. */
    public Program.BufferRef gradInput(int i) {
        Integer b = state.grads.get(node.inputs().get(i));
        if (b == null) {
            return null;
        }
        if (state.half(b)) {
            gradInputs.putIfAbsent(i, b);
        }
        return real(b, true, true);
    }

    /**
     * Buffer {@code b} as the rule sees it: itself when it holds reals, else (a half buffer in
     * mixed precision) this node's fp32 working copy, widened from it before the rule's launches
     * when {@code read}, rounded back into it after them when {@code written}.
     */
    private Program.BufferRef real(int b, boolean read, boolean written) {
        if (!state.half(b) || halfStorage()) {
            return new Program.BufferRef(b);
        }
        int copy = copies.computeIfAbsent(b, k -> state.buffer("fp32." + state.buffers.get(k).name() + "@"
                + node.name() + "." + (recomputing ? "recompute" : direction), state.buffers.get(k).bytes() / 2
                * precision().bytes()));
        if (read) {
            widen.add(b);
        }
        if (written) {
            narrow.add(b);
        }
        return new Program.BufferRef(copy);
    }

    /** Whether this node's kernels take half buffers themselves ({@link OpKernels#halfStorage}). */
    private boolean halfStorage() {
        if (native_ == null) {
            native_ = !workingCopiesOnly && dev.cnnc.compiler.codegen.kernels.Kernels.of(node.op()).halfStorage(this);
        }
        return native_;
    }

    private static volatile boolean workingCopiesOnly;

    /**
     * Lowers with every rule on fp32 working copies while {@code body} runs, as if no op took half
     * buffers itself (tests compare the two; they must agree bit for bit); not for concurrent use.
     */
    static void withWorkingCopies(Runnable body) {
        workingCopiesOnly = true;
        try {
            body.run();
        } finally {
            workingCopiesOnly = false;
        }
    }

    /**
     * How a kernel declares and accesses buffer {@code r}: {@code half} for an fp16 buffer of a
     * mixed-precision program, else {@code real} (see {@code kernels/common.cl}'s LOAD_T and
     * STORE_T). Only rules whose {@link OpKernels#halfStorage} is true are given half buffers.
     */
    public String storage(Program.BufferRef r) {
        return r != null && state.half(r.index()) ? "half" : "real";
    }

    /**
     * {@link #storage} of the buffer that {@link #input}{@code (i)} gives, asked without taking it
     * (so without a working copy): {@code real} unless this rule takes half buffers itself.
     */
    public String inputStorage(int i) {
        return storageOf(state.value(node.inputs().get(i)));
    }

    /** {@link #storage} of what {@link #output} gives, asked without taking it. */
    public String outputStorage() {
        return storageOf(state.value(node.output()));
    }

    /** {@link #storage} of what {@link #gradInput}{@code (i)} gives ({@code real} where there is none). */
    public String inputGradStorage(int i) {
        return storageOf(state.grads.get(node.inputs().get(i)));
    }

    /** {@link #storage} of what {@link #gradOutput} gives ({@code real} where there is none). */
    public String outputGradStorage() {
        return storageOf(state.grads.get(node.output()));
    }

    private String storageOf(Integer buffer) {
        return buffer != null && state.half(buffer) && halfStorage() ? "half" : "real";
    }

    /**
     * Ends this node's rule: in mixed precision, the launches that widen the half buffers it reads
     * into its working copies (before its own launches) and round those it wrote back (after
     * them). An input gradient that this rule is the first to write ({@link #firstGradient}) is
     * overwritten whole, so it is not widened first.
     */
    void finish() {
        if (copies.isEmpty()) {
            return;
        }
        for (Map.Entry<Integer, Integer> g : gradInputs.entrySet()) {
            String writer = node.name() + "#" + g.getKey();
            if (writer.equals(state.firstWriters.get(g.getValue())) && state.overwritten.contains(g.getValue())) {
                widen.remove(g.getValue());
            }
        }
        state.kernels.addFixed("half_storage", "fp16 activations to fp32 working copies and back", HALF_KERNELS);
        String origin = node.name() + " " + (recomputing ? "recompute" : direction);
        List<Program.Launch> before = new ArrayList<>();
        for (int b : widen) {
            before.add(new Program.Launch("cnnc_widen_half", List.of(new Program.BufferRef(b),
                    new Program.BufferRef(copies.get(b))), new long[] {state.buffers.get(b).bytes() / 2}, null, origin));
        }
        phase.addAll(start, before);
        for (int b : narrow) {
            phase.add(new Program.Launch("cnnc_round_half", List.of(new Program.BufferRef(copies.get(b)),
                    new Program.BufferRef(b)), new long[] {state.buffers.get(b).bytes() / 2}, null, origin));
        }
    }

    private static final String HALF_KERNELS = """
            __kernel void cnnc_widen_half(__global const half* h, __global real* x) {
                const size_t i = get_global_id(0);
                x[i] = LOAD_half(h, i);
            }

            __kernel void cnnc_round_half(__global const real* x, __global half* h) {
                const size_t i = get_global_id(0);
                STORE_half(h, i, x[i]);
            }
            """;

    /**
     * True when this node's backward is the first to write the gradient of input {@code i} (it is
     * the input's last consumer): the rule must then write every element of that gradient without
     * reading it, and the buffer is not zeroed beforehand. False in inference, for an input without
     * a gradient, for the model's inputs and outputs, and for later consumers, which add to it.
     * It depends on the graph alone, so a forward rule may ask too (to share a kernel instance with
     * the backward's); asking commits the rule to overwriting.
     */
    public boolean firstGradient(int i) {
        if (!training) {
            return false;
        }
        Integer b = state.grads.get(node.inputs().get(i));
        if (b == null || !(node.name() + "#" + i).equals(state.firstWriters.get(b))) {
            return false;
        }
        state.overwritten.add(b);
        return true;
    }

    public Program.BufferRef gradParam(String suffix) {
        return new Program.BufferRef(state.paramGradIndex(node.name() + "." + suffix));
    }

    /**
     * A scratch buffer of {@code elements} reals owned by this node, the same one in forward and
     * backward (BatchNorm's statistics, a dropout mask). A forward rule that is
     * {@link #recomputing} gets a fresh copy, and the node's backward rule then reads that copy.
     */
    public Program.BufferRef saved(String name, long elements) {
        return new Program.BufferRef(state.saved(node, name, elements * precision().bytes(), recomputing));
    }

    /**
     * The buffer {@link #saved} returned to this node's first forward run, also while
     * {@link #recomputing}: for what a recomputation reuses rather than recomputes (BatchNorm's
     * batch statistics; small, so keeping them alive costs little).
     */
    public Program.BufferRef kept(String name, long elements) {
        return new Program.BufferRef(state.saved(node, name, elements * precision().bytes()));
    }

    /**
     * A scratch buffer of at least {@code elements} reals shared by all nodes: its contents live
     * only within this node's launches of one phase (an im2col matrix).
     */
    public Program.BufferRef scratch(String name, long elements) {
        return new Program.BufferRef(state.scratch(name, elements * precision().bytes()));
    }

    /** A scratch buffer of {@code elements} 32-bit integers owned by this node. */
    public Program.BufferRef savedInts(String name, long elements) {
        return new Program.BufferRef(state.saved(node, name, elements * 4, recomputing));
    }

    /**
     * A scalar kernel argument set at run time rather than baked in (a random seed, a step
     * counter): the executor's value of {@code name}.
     */
    public Program.Variable variable(String name) {
        return new Program.Variable(name);
    }

    /**
     * A buffer of {@code bytes} owned by this node, named {@code <node>.<suffix>}, that the host
     * writes once and every run reads: the memory planner never shares it (int8 layers' data).
     */
    public Program.BufferRef pinned(String suffix, long bytes) {
        int b = state.buffer(node.name() + "." + suffix, Math.max(1, bytes));
        state.pinned.add(b);
        return new Program.BufferRef(b);
    }

    /** Adds {@code text}, whose kernel names are final, to the program once ({@link KernelSource#addFixed}). */
    public void addSource(String family, String title, String text) {
        state.kernels.addFixed(family, title, text);
    }

    /** A launch of {@link Lowering#INT8_PACK}, run once after the host has written the int8 layers' data. */
    public void packLaunch(String kernel, long[] global, Object... args) {
        state.int8Pack.add(new Program.Launch(kernel, List.of(args), global, null, node.name() + " int8 pack"));
    }

    /** A run-time scalar of the kernels' real type (a learning rate, a scale). */
    public Program.Variable realVariable(String name) {
        return new Program.Variable(name, precision() == Precision.FP64 ? Program.Variable.Type.DOUBLE
                : Program.Variable.Type.FLOAT);
    }

    /**
     * Adds the template specialised with {@code values} to the program (once per distinct text:
     * nodes with the same sizes share it) and returns the prefix of its kernel names: a template's
     * {@code ${KERNEL}_forward} is then launched as {@code prefix + "_forward"}.
     */
    public String kernels(String template, KernelTemplate.Values values) {
        return state.instantiate(template, values);
    }

    /** Launches a kernel over {@code global} work-items (1-D, the driver picks the work-group). */
    public void launch(String kernel, long global, Object... args) {
        launch(kernel, new long[] {global}, null, args);
    }

    public void launch(String kernel, long[] global, long[] local, Object... args) {
        for (long g : global) {
            if (g <= 0) {
                throw new CodegenException("kernel " + kernel + " of " + node.name() + ": empty global size "
                        + Arrays.toString(global));
            }
        }
        phase.add(new Program.Launch(kernel, new ArrayList<>(Arrays.asList(args)), global, local,
                node.name() + " " + (recomputing ? "recompute" : direction)));
    }
}
