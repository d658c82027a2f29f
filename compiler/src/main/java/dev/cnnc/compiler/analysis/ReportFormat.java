package dev.cnnc.compiler.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The model report as an aligned text table and as JSON; both carry the same numbers. */
public final class ReportFormat {
    private ReportFormat() {
    }

    private static final String[] HEADERS = {"layer", "op", "output", "params", "FLOPs", "memory", "RF", "jump"};
    private static final boolean[] RIGHT = {false, false, false, true, true, true, true, true};

    /**
     * Device memory of one training step as the lowered program allocates it (see
     * {@link dev.cnnc.compiler.codegen.MemoryPlanner#summary}), or why there is none.
     *
     * @param summary   the numbers, null when the model cannot be lowered for training
     * @param optimizer the optimizer whose state is counted (sgd, adam, adamw)
     * @param planned   whether the memory planner was on
     * @param note      why there is no summary (when {@code summary} is null)
     * @param checkpointing what gradient checkpointing does in {@code summary}'s program, null when not asked for
     */
    public record TrainingMemory(dev.cnnc.compiler.codegen.MemoryPlanner.Summary summary, String optimizer,
                                 boolean planned, String note, CheckpointSummary checkpointing, String precision) {
        public TrainingMemory(dev.cnnc.compiler.codegen.MemoryPlanner.Summary summary, String optimizer,
                              boolean planned, String note) {
            this(summary, optimizer, planned, note, null, "fp32");
        }

        public TrainingMemory(dev.cnnc.compiler.codegen.MemoryPlanner.Summary summary, String optimizer,
                              boolean planned, String note, CheckpointSummary checkpointing) {
            this(summary, optimizer, planned, note, checkpointing, "fp32");
        }
    }

    /**
     * Gradient checkpointing in a training program (see {@link dev.cnnc.compiler.codegen.Checkpointing}).
     *
     * @param segments         segments of the forward pass (1: none recomputed)
     * @param kept             activations kept across segment boundaries
     * @param recomputePercent forward FLOPs recomputed in backward, in percent of one forward pass
     * @param peakWithout      the planned total of the same program without checkpointing
     */
    public record CheckpointSummary(int segments, int kept, double recomputePercent, long peakWithout) {
    }

    public static String text(ModelReport r, String source) {
        return text(r, source, null);
    }

    /**
     * How the layers of {@code g} run with a quantized model whose int8 layers are {@code layers}
     * (named as in the model after batchnorm folding): {@code int8} for those, {@code folded into L}
     * for the batchnorms folded into them; the notes {@link #text} shows after each op.
     *
     * @throws IllegalArgumentException naming a layer the model does not have
     */
    public static Map<String, String> int8RunsIn(dev.cnnc.compiler.ir.Graph g, java.util.Collection<String> layers) {
        dev.cnnc.compiler.ir.Graph inference = dev.cnnc.compiler.passes.Passes.optimize(g,
                dev.cnnc.compiler.passes.Passes.Options.forInference());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String name : layers) {
            if (inference.nodes().stream().noneMatch(n -> n.name().equals(name))) {
                throw new IllegalArgumentException("layer " + name + " is not a layer of " + g.name()
                        + " (after batchnorm folding)");
            }
            out.put(name, "int8");
        }
        for (dev.cnnc.compiler.ir.Node n : inference.nodes()) {
            dev.cnnc.compiler.ir.Component bn = dev.cnnc.compiler.ops.Fused.foldedBatchNorm(n.attrs());
            if (bn != null && out.containsKey(n.name())) {
                out.put(bn.name(), "folded into " + n.name());
            }
        }
        return out;
    }

    /** With {@code memory} (null: none), the training step's device memory after the totals. */
    public static String text(ModelReport r, String source, TrainingMemory memory) {
        return text(r, source, memory, Map.of());
    }

    /**
     * With {@code runsIn}: per layer name, a note on how it runs (a quantized model's
     * {@code int8}, {@code folded into conv1}), shown after its op.
     */
    public static String text(ModelReport r, String source, TrainingMemory memory, Map<String, String> runsIn) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (LayerRow row : r.rows()) {
            String note = runsIn.get(row.name());
            cells.add(new String[] {row.name(), note == null ? row.op() : row.op() + " [" + note + "]",
                    row.shape().text(), grouped(row.params()),
                    grouped(row.flops()), bytes(row.activationBytes()),
                    row.field() == null ? "-" : row.field().fieldText(),
                    row.field() == null ? "-" : row.field().jumpText()});
        }
        int[] width = new int[HEADERS.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("model ").append(r.graph().name());
        if (source != null) {
            b.append(" (").append(source).append(')');
        }
        b.append(", batch ").append(r.batch()).append("\n\n");
        for (int row = 0; row < cells.size(); row++) {
            String[] c = cells.get(row);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                String pad = " ".repeat(width[i] - c[i].length());
                line.append(i > 0 ? "  " : "").append(RIGHT[i] ? pad + c[i] : c[i] + pad);
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (row == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                b.append("-".repeat(total + 2 * (width.length - 1))).append('\n');
            }
        }
        b.append('\n');
        long frozen = r.frozenParameters();
        b.append("parameters          ").append(grouped(r.parameters() - frozen)).append(" trainable");
        if (frozen > 0) {
            b.append(", ").append(grouped(frozen)).append(" frozen (non-trainable: the train section's freeze)");
        }
        if (r.bufferElements() > 0) {
            b.append(", ").append(grouped(r.bufferElements())).append(" in buffers");
        }
        b.append('\n');
        b.append("model size (fp32)   ").append(String.format(Locale.ROOT, "%.2f MB (%.2f MiB)",
                r.modelBytesFp32() / 1e6, r.modelBytesFp32() / 1048576.0)).append('\n');
        b.append("forward FLOPs       ").append(grouped(r.forwardFlops())).append(" (")
                .append(scaled(r.forwardFlops())).append("; a multiply-add is one FLOP, as in bench)\n");
        b.append("backward FLOPs      ").append(grouped(r.backwardFlops())).append(" (")
                .append(scaled(r.backwardFlops())).append(", 2x forward)\n");
        b.append("activation memory   ").append(bytes(r.activationBytes())).append(" at batch ").append(r.batch())
                .append('\n');
        if (memory != null) {
            b.append('\n');
            var m = memory.summary();
            if (m == null) {
                b.append("training memory     n/a: ").append(memory.note()).append('\n');
            } else {
                b.append("training step device memory at batch ").append(r.batch()).append(" (")
                        .append(memory.precision().equals("mixed") ? "mixed: fp16 activations" : memory.precision())
                        .append(", ").append(memory.optimizer()).append(memory.planned() ? ", planned" : ", planner off")
                        .append(")\n");
                b.append("  weights           ").append(bytes(m.weights())).append('\n');
                b.append("  gradients         ").append(bytes(m.gradients())).append('\n');
                b.append("  optimizer state   ").append(bytes(m.optimizer())).append('\n');
                b.append("  activations       ").append(bytes(m.activationsPlanned())).append(" planned, ")
                        .append(bytes(m.activationsNaive())).append(" naive\n");
                b.append("  total             ").append(bytes(m.totalPlanned())).append(" planned, ")
                        .append(bytes(m.totalNaive())).append(" naive (")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * m.totalPlanned() / m.totalNaive()))
                        .append(")\n");
                CheckpointSummary ck = memory.checkpointing();
                if (ck != null) {
                    b.append("  checkpointing     ").append(ck.segments() == 1 ? "off (fits without)"
                            : String.format(Locale.ROOT, "%d segments, %d activations kept, recomputes %.1f%% of the"
                            + " forward FLOPs", ck.segments(), ck.kept(), ck.recomputePercent())).append('\n');
                    b.append("  without it        ").append(bytes(ck.peakWithout())).append(" planned (")
                            .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * m.totalPlanned() / ck.peakWithout()))
                            .append(" of it with checkpointing)\n");
                }
            }
        }
        return b.toString();
    }

    public static String json(ModelReport r, String source) {
        return json(r, source, null);
    }

    /** With {@code memory} (null: none), a {@code training_memory} object (null with a note when n/a). */
    public static String json(ModelReport r, String source, TrainingMemory memory) {
        return json(r, source, memory, Map.of());
    }

    /** With {@code runsIn} (see {@link #text(ModelReport, String, TrainingMemory, Map)}) as each layer's {@code runs_in}. */
    public static String json(ModelReport r, String source, TrainingMemory memory, Map<String, String> runsIn) {
        StringBuilder b = new StringBuilder();
        b.append("{\n");
        b.append("  \"model\": ").append(Json.string(r.graph().name())).append(",\n");
        b.append("  \"source\": ").append(source == null ? "null" : Json.string(source)).append(",\n");
        b.append("  \"batch\": ").append(r.batch()).append(",\n");
        b.append("  \"layers\": [\n");
        for (int i = 0; i < r.rows().size(); i++) {
            LayerRow row = r.rows().get(i);
            b.append("    {\"name\": ").append(Json.string(row.name()))
                    .append(", \"op\": ").append(Json.string(row.op()))
                    .append(", \"output\": ").append(Json.ints(row.shape().dims()))
                    .append(", \"params\": ").append(row.params())
                    .append(", \"flops\": ").append(row.flops())
                    .append(", \"activation_bytes\": ").append(row.activationBytes());
            if (runsIn.containsKey(row.name())) {
                b.append(", \"runs_in\": ").append(Json.string(runsIn.get(row.name())));
            }
            if (row.field() != null) {
                b.append(", \"receptive_field\": [").append(Json.number(row.field().fieldH())).append(", ")
                        .append(Json.number(row.field().fieldW())).append("], \"jump\": [")
                        .append(Json.number(row.field().jumpH())).append(", ")
                        .append(Json.number(row.field().jumpW())).append(']');
            } else {
                b.append(", \"receptive_field\": null, \"jump\": null");
            }
            b.append('}').append(i + 1 < r.rows().size() ? "," : "").append('\n');
        }
        b.append("  ],\n");
        b.append("  \"totals\": {\"params\": ").append(r.parameters())
                .append(", \"frozen_params\": ").append(r.frozenParameters())
                .append(", \"buffer_elements\": ").append(r.bufferElements())
                .append(", \"model_bytes_fp32\": ").append(r.modelBytesFp32())
                .append(", \"forward_flops\": ").append(r.forwardFlops())
                .append(", \"backward_flops\": ").append(r.backwardFlops())
                .append(", \"activation_bytes\": ").append(r.activationBytes()).append('}');
        if (memory != null) {
            var m = memory.summary();
            b.append(",\n  \"training_memory\": ");
            if (m == null) {
                b.append("null,\n  \"training_memory_note\": ").append(Json.string(memory.note()));
            } else {
                b.append("{\"batch\": ").append(r.batch()).append(", \"precision\": \"").append(memory.precision())
                        .append("\", \"optimizer\": \"")
                        .append(memory.optimizer()).append("\", \"planned\": ").append(memory.planned())
                        .append(", \"weights_bytes\": ").append(m.weights())
                        .append(", \"gradients_bytes\": ").append(m.gradients())
                        .append(", \"optimizer_state_bytes\": ").append(m.optimizer())
                        .append(", \"activations_planned_bytes\": ").append(m.activationsPlanned())
                        .append(", \"activations_naive_bytes\": ").append(m.activationsNaive())
                        .append(", \"total_planned_bytes\": ").append(m.totalPlanned())
                        .append(", \"total_naive_bytes\": ").append(m.totalNaive());
                CheckpointSummary ck = memory.checkpointing();
                if (ck != null) {
                    b.append(", \"checkpointing\": {\"segments\": ").append(ck.segments())
                            .append(", \"kept\": ").append(ck.kept())
                            .append(", \"recompute_percent\": ")
                            .append(String.format(Locale.ROOT, "%.2f", ck.recomputePercent()))
                            .append(", \"total_planned_bytes_without\": ").append(ck.peakWithout()).append('}');
                }
                b.append('}');
            }
        }
        b.append("\n}\n");
        return b.toString();
    }

    public static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** 1.82 GFLOPs style. */
    static String scaled(long v) {
        String[] units = {"", "K", "M", "G", "T", "P"};
        double x = v;
        int u = 0;
        while (x >= 1000 && u < units.length - 1) {
            x /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %sFLOPs" : "%.2f %sFLOPs", x, units[u]);
    }

    /** 4.0 KiB style (powers of 1024). */
    public static String bytes(long v) {
        if (v == 0) {
            return "0";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double x = v;
        int u = 0;
        while (x >= 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return u == 0 ? v + " B" : String.format(Locale.ROOT, "%.1f %s", x, units[u]);
    }
}
