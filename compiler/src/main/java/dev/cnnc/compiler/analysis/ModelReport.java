package dev.cnnc.compiler.analysis;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Window;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model costs, layer by layer, at a batch size: parameters, forward FLOPs (from each
 * op's definition), activation memory and receptive field. Backward FLOPs use the seed's
 * estimate, twice the forward. Activation memory counts every stored output (inputs
 * included, views such as flatten excluded) at the batch size, in the value's dtype.
 */
public final class ModelReport {
    private final Graph graph;
    private final int batch;
    private final List<LayerRow> rows;

    private ModelReport(Graph graph, int batch, List<LayerRow> rows) {
        this.graph = graph;
        this.batch = batch;
        this.rows = List.copyOf(rows);
    }

    public static ModelReport of(Graph graph, int batch) {
        return of(graph, batch, 4);
    }

    /**
     * As {@link #of(Graph, int)}, with each layer's activations stored in {@code activationBytes}
     * bytes per element (2: mixed precision's fp16) except the model's inputs and outputs, which
     * stay fp32.
     */
    public static ModelReport of(Graph graph, int batch, int activationBytes) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1: " + batch);
        }
        Map<Value, Field> fields = new HashMap<>();
        List<LayerRow> rows = new ArrayList<>();
        for (Value in : graph.inputs()) {
            Field rf = in.shape().rank() == 3 ? Field.PIXEL : null;
            fields.put(in, rf);
            rows.add(new LayerRow(in.name(), "input", in.shape(), 0, 0, Math.multiplyExact((long) batch, in.type().bytesPerSample()),
                    rf == null ? null : rf.value()));
        }
        for (Node n : graph.nodes()) {
            Field rf = field(n, fields);
            fields.put(n.output(), rf);
            long flops = Math.multiplyExact((long) batch, n.op().flops(n.attrs(), n.inputTypes(), n.output().type()));
            long perSample = graph.outputs().containsValue(n.output()) || !n.output().type().dtype().isFloat()
                    ? n.output().type().bytesPerSample() : n.output().shape().elements() * activationBytes;
            long memory = n.op().isView() ? 0 : Math.multiplyExact((long) batch, perSample);
            rows.add(new LayerRow(n.name(), n.op().name(), n.output().shape(), n.trainableParameters(), flops, memory,
                    rf == null ? null : rf.value()));
        }
        return new ModelReport(graph, batch, rows);
    }

    /**
     * A non-negative fraction {@code n/d} in lowest terms. Receptive fields are computed exactly:
     * after a transposed convolution the jump is a fraction (1/3), and in doubles a later
     * {@code 1 + 3·(7/3)} would come out as 7.999999999999999 instead of 8.
     */
    private record Ratio(long n, long d) {
        static final Ratio ONE = new Ratio(1, 1);

        static Ratio of(long n, long d) {
            long g = gcd(n, d);
            return new Ratio(n / g, d / g);
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return a == 0 ? 1 : a;
        }

        Ratio plus(Ratio o) {
            return of(Math.addExact(Math.multiplyExact(n, o.d), Math.multiplyExact(o.n, d)), Math.multiplyExact(d, o.d));
        }

        Ratio times(long k) {
            return of(Math.multiplyExact(n, k), d);
        }

        Ratio over(long k) {
            return of(n, Math.multiplyExact(d, k));
        }

        Ratio max(Ratio o) {
            return Math.multiplyExact(n, o.d) >= Math.multiplyExact(o.n, d) ? this : o;
        }

        double value() {
            return (double) n / d;
        }
    }

    /** A receptive field and jump per axis, exactly. */
    private record Field(Ratio fieldH, Ratio fieldW, Ratio jumpH, Ratio jumpW) {
        static final Field PIXEL = new Field(Ratio.ONE, Ratio.ONE, Ratio.ONE, Ratio.ONE);

        Field max(Field o) {
            return new Field(fieldH.max(o.fieldH), fieldW.max(o.fieldW), jumpH.max(o.jumpH), jumpW.max(o.jumpW));
        }

        ReceptiveField value() {
            return new ReceptiveField(fieldH.value(), fieldW.value(), jumpH.value(), jumpW.value());
        }
    }

    /**
     * The seed's recurrence {@code RF_l = RF_{l−1} + (K_l − 1)·J_{l−1}}, {@code J_l = J_{l−1}·s_l};
     * a value computed from several (a residual {@code add}, a {@code concat}) takes the largest
     * field and jump among its inputs.
     */
    private static Field field(Node n, Map<Value, Field> fields) {
        Field in = null;
        Field full = null;
        Shape outShape = n.output().shape();
        for (Value v : n.inputs()) {
            Field f = fields.get(v);
            if (f == null) {
                continue;
            }
            in = in == null ? f : in.max(f);
            // An input broadcast over space (SE's [C, 1, 1] gate in a `mul`) widens the field but
            // does not set the jump, which belongs to the inputs that keep the output's grid.
            if (!broadcastOverSpace(v.shape(), outShape)) {
                full = full == null ? f : full.max(f);
            }
        }
        if (in == null) {
            return null;
        }
        if (full != null) {
            in = new Field(in.fieldH(), in.fieldW(), full.jumpH(), full.jumpW());
        }
        Window w = n.op().window(n.attrs(), n.inputTypes(), n.output().type());
        Shape s = n.inputs().get(0).shape();
        switch (w.kind()) {
            case SLIDING:
                return new Field(in.fieldH().plus(in.jumpH().times(w.kernelH() - 1)),
                        in.fieldW().plus(in.jumpW().times(w.kernelW() - 1)),
                        in.jumpH().times(w.strideH()), in.jumpW().times(w.strideW()));
            case TRANSPOSED: {
                Ratio jh = in.jumpH().over(w.strideH());
                Ratio jw = in.jumpW().over(w.strideW());
                return new Field(in.fieldH().plus(jh.times(w.kernelH() - 1)), in.fieldW().plus(jw.times(w.kernelW() - 1)),
                        jh, jw);
            }
            case GLOBAL: {
                if (s.rank() != 3) {
                    return in;
                }
                return new Field(in.fieldH().plus(in.jumpH().times(s.height() - 1)),
                        in.fieldW().plus(in.jumpW().times(s.width() - 1)),
                        in.jumpH().times(s.height()), in.jumpW().times(s.width()));
            }
            default:
                return in;
        }
    }

    private static boolean broadcastOverSpace(Shape in, Shape out) {
        return in.rank() == 3 && out.rank() == 3 && in.height() * in.width() == 1 && out.height() * out.width() > 1;
    }

    public Graph graph() {
        return graph;
    }

    public int batch() {
        return batch;
    }

    public List<LayerRow> rows() {
        return rows;
    }

    /** Trainable parameters (PyTorch's {@code parameters()}). */
    public long parameters() {
        return graph.parameterCount();
    }

    /**
     * Of {@link #parameters()}, those the train section's {@code freeze} leaves untrained
     * (non-trainable, as with requires_grad=False in PyTorch); 0 without one.
     */
    public long frozenParameters() {
        java.util.Set<String> frozen = dev.cnnc.compiler.codegen.OptimizerLowering.frozen(graph);
        return graph.params().stream().filter(p -> frozen.contains(p.name())).mapToLong(Param::elements).sum();
    }

    /** Elements of non-trainable buffers (BatchNorm running statistics). */
    public long bufferElements() {
        return graph.params().stream().filter(p -> !p.trainable()).mapToLong(Param::elements).sum();
    }

    /** Bytes of the trainable parameters at fp32. */
    public long modelBytesFp32() {
        return parameters() * 4;
    }

    public long forwardFlops() {
        return rows.stream().mapToLong(LayerRow::flops).reduce(0, Math::addExact);
    }

    /** The seed's estimate: {@code FLOPs_backward ≈ 2 × FLOPs_forward}. */
    public long backwardFlops() {
        return Math.multiplyExact(2, forwardFlops());
    }

    public long activationBytes() {
        return rows.stream().mapToLong(LayerRow::activationBytes).reduce(0, Math::addExact);
    }
}
