package dev.cnnc.compiler.passes;

import dev.cnnc.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The graph passes between the front end and lowering, in order, one line each. Every pass
 * keeps parameter names and can be switched off by name ({@code --disable-pass}, all of them
 * with {@code --no-fusion} or {@code -O0}), so a result can be checked against the unfused graph;
 * a pass that uses running statistics ({@link FoldBatchNorm}) runs for inference only: for
 * inference programs, and for the evaluation phase ({@code forward_inference}) of a training
 * program, which is lowered from the graph after {@link Options#asInference} (see
 * {@code Lowering.lower(graph, inference, ...)}).
 */
public final class Passes {
    /** Which programs a pass is legal for. */
    public enum Mode { ALWAYS, TRAINING, INFERENCE }

    /** One pass: its name (for options and the IR dump), which programs it is for, and what it does. */
    public record Pass(String name, Mode mode, UnaryOperator<Graph> rewrite) {
        public Pass {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(rewrite, "rewrite");
        }
    }

    /** The passes of {@code -O2}, in the order they run. */
    public static final List<Pass> ALL = List.of(
            new Pass(FoldBatchNorm.NAME, Mode.INFERENCE, FoldBatchNorm::apply),
            new Pass(FuseEpilogue.NAME, Mode.ALWAYS, FuseEpilogue::apply),
            new Pass(FuseRelu.NAME, Mode.ALWAYS, FuseRelu::apply),
            new Pass(FuseBatchNormStatistics.NAME, Mode.TRAINING, FuseBatchNormStatistics::apply),
            new Pass(FuseElementwise.NAME, Mode.ALWAYS, FuseElementwise::apply));

    /**
     * Which passes run: {@code training} leaves out the inference-only ones; {@code disabled}
     * names passes switched off.
     */
    public record Options(boolean training, Set<String> disabled) {
        public Options {
            disabled = Set.copyOf(disabled);
            for (String d : disabled) {
                if (ALL.stream().noneMatch(p -> p.name().equals(d))) {
                    throw new IllegalArgumentException("no pass named `" + d + "`; the passes are " + names());
                }
            }
        }

        /** Every pass legal for a training program's forward and backward. */
        public static Options forTraining() {
            return new Options(true, Set.of());
        }

        /** Every pass, for an inference program. */
        public static Options forInference() {
            return new Options(false, Set.of());
        }

        /** For training or inference, with no pass (what {@code --no-fusion} and {@code -O0} ask for). */
        public static Options none(boolean training) {
            return new Options(training, new TreeSet<>(names()));
        }

        /** These options with {@code passes} switched off too. */
        public Options disable(Set<String> passes) {
            Set<String> d = new TreeSet<>(disabled);
            d.addAll(passes);
            return new Options(training, d);
        }

        /** The same passes for the inference program or phase of the same model (adds the inference-only ones). */
        public Options asInference() {
            return new Options(false, disabled);
        }

        /** Whether {@code p} runs under these options. */
        public boolean runs(Pass p) {
            return !disabled.contains(p.name()) && (p.mode() == Mode.ALWAYS || (p.mode() == Mode.TRAINING) == training);
        }
    }

    private Passes() {
    }

    /** The names of all passes, in order. */
    public static List<String> names() {
        return ALL.stream().map(Pass::name).toList();
    }

    /** Every pass legal for training (and so for a training program's evaluation too). */
    public static Graph optimize(Graph g) {
        return optimize(g, Options.forTraining());
    }

    public static Graph optimize(Graph g, Options o) {
        return optimize(g, o, (p, after) -> {
        });
    }

    /** Runs the passes {@code o} selects, telling {@code after} each pass and the graph it left (the IR dump). */
    public static Graph optimize(Graph g, Options o, BiConsumer<Pass, Graph> after) {
        Graph current = g;
        for (Pass p : ALL) {
            if (o.runs(p)) {
                current = p.rewrite().apply(current);
                after.accept(p, current);
            }
        }
        return current;
    }

    /** The passes {@code o} runs, by name. */
    public static List<String> selected(Options o) {
        List<String> out = new ArrayList<>();
        for (Pass p : ALL) {
            if (o.runs(p)) {
                out.add(p.name());
            }
        }
        return out;
    }
}
