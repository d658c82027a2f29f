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
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1: " + batch);
        }
        Map<Value, ReceptiveField> fields = new HashMap<>();
        List<LayerRow> rows = new ArrayList<>();
        for (Value in : graph.inputs()) {
            ReceptiveField rf = in.shape().rank() == 3 ? ReceptiveField.PIXEL : null;
            fields.put(in, rf);
            rows.add(new LayerRow(in.name(), "input", in.shape(), 0, 0, batch * in.type().bytesPerSample(), rf));
        }
        for (Node n : graph.nodes()) {
            ReceptiveField rf = field(n, fields);
            fields.put(n.output(), rf);
            long flops = batch * n.op().flops(n.attrs(), n.inputTypes(), n.output().type());
            long memory = n.op().isView() ? 0 : batch * n.output().type().bytesPerSample();
            rows.add(new LayerRow(n.name(), n.op().name(), n.output().shape(), n.trainableParameters(), flops, memory,
                    rf));
        }
        return new ModelReport(graph, batch, rows);
    }

    private static ReceptiveField field(Node n, Map<Value, ReceptiveField> fields) {
        ReceptiveField in = null;
        for (Value v : n.inputs()) {
            ReceptiveField f = fields.get(v);
            if (f != null) {
                in = in == null ? f : in.max(f);
            }
        }
        if (in == null) {
            return null;
        }
        Window w = n.op().window(n.attrs(), n.inputTypes(), n.output().type());
        Shape s = n.inputs().get(0).shape();
        switch (w.kind()) {
            case SLIDING:
                return new ReceptiveField(in.fieldH() + (w.kernelH() - 1) * in.jumpH(),
                        in.fieldW() + (w.kernelW() - 1) * in.jumpW(), in.jumpH() * w.strideH(), in.jumpW() * w.strideW());
            case TRANSPOSED: {
                double jh = in.jumpH() / w.strideH();
                double jw = in.jumpW() / w.strideW();
                return new ReceptiveField(in.fieldH() + (w.kernelH() - 1) * jh, in.fieldW() + (w.kernelW() - 1) * jw,
                        jh, jw);
            }
            case GLOBAL: {
                if (s.rank() != 3) {
                    return in;
                }
                return new ReceptiveField(in.fieldH() + (s.height() - 1) * in.jumpH(),
                        in.fieldW() + (s.width() - 1) * in.jumpW(), in.jumpH() * s.height(), in.jumpW() * s.width());
            }
            default:
                return in;
        }
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

    /** Elements of non-trainable buffers (BatchNorm running statistics). */
    public long bufferElements() {
        return graph.params().stream().filter(p -> !p.trainable()).mapToLong(Param::elements).sum();
    }

    /** Bytes of the trainable parameters at fp32. */
    public long modelBytesFp32() {
        return parameters() * 4;
    }

    public long forwardFlops() {
        return rows.stream().mapToLong(LayerRow::flops).sum();
    }

    /** The seed's estimate: {@code FLOPs_backward ≈ 2 × FLOPs_forward}. */
    public long backwardFlops() {
        return 2 * forwardFlops();
    }

    public long activationBytes() {
        return rows.stream().mapToLong(LayerRow::activationBytes).sum();
    }
}
