package dev.cnnc.compiler.train;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.train.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code train} requires of a model's {@code train { }} section beyond its catalog's types
 * and ranges: one set of rules, which the front end applies to every model (so {@code check}
 * refuses what {@code train} would) and the commands apply to what a command line overrides.
 */
public final class TrainRules {
    /** The precisions cnnc can run: every value of the catalog's {@code precision}. */
    public static final List<String> PRECISIONS = List.of("fp32", "fp64", "mixed");

    private TrainRules() {
    }

    /** Why {@code precision} cannot run, or null. */
    public static String precisionProblem(String precision) {
        return PRECISIONS.contains(precision.toLowerCase(Locale.ROOT)) ? null
                : "precision `" + precision + "` is not implemented yet; use fp32, fp64 or mixed";
    }

    /** Why {@code loss} cannot be trained, or null. */
    public static String lossProblem(Component loss) {
        if (loss == null || loss.name().equals(LossLowering.Loss.CROSS_ENTROPY)
                || loss.name().equals(LossLowering.Loss.FOCAL)) {
            return null;
        }
        return "loss `" + loss.name() + "` is not implemented for training yet (only cross_entropy, with "
                + "label_smoothing, and focal)";
    }

    /** Whether the loss {@code name} applies a softmax to the model's output itself (it takes logits). */
    public static boolean lossTakesLogits(String name) {
        return name.equals(LossLowering.Loss.CROSS_ENTROPY) || name.equals(LossLowering.Loss.FOCAL)
                || name.equals("distillation");
    }

    /** Why a per-channel list ({@code mean}, {@code std}) does not fit {@code channels}, or null. */
    public static String perChannelProblem(String what, double[] v, int channels) {
        return v == null || v.length == 1 || v.length == channels ? null
                : what + " has " + v.length + " values; give one number or one per channel (" + channels + ")";
    }

    /**
     * Reports every rule the section {@code t} breaks, each at its entry ({@code spans}: key to
     * the entry's value; {@code section} where an entry is absent), for a model whose first input
     * has {@code channels} channels (0: not an image).
     */
    public static void check(Attrs t, int channels, Map<String, SourceSpan> spans, SourceSpan section,
                             Diagnostics d) {
        if (t.has("precision")) {
            report(d, spans, section, "precision", precisionProblem(t.s("precision")));
        }
        Component loss = t.component("loss");
        report(d, spans, section, "loss", lossProblem(loss));
        if (loss != null && loss.options().has("teacher")) {
            String teacher = loss.options().s("teacher");
            if (!Files.isRegularFile(Path.of(teacher))) {
                report(d, spans, section, "loss", "the teacher model " + teacher + " does not exist");
            }
        }
        if (channels > 0) {
            for (String key : new String[] {"mean", "std"}) {
                if (t.get(key) instanceof double[] v) {
                    report(d, spans, section, key, perChannelProblem(key, v, channels));
                }
            }
        }
        try {
            OptimizerLowering.Config.fromTraining(t);
        } catch (IllegalArgumentException e) {
            report(d, spans, section, "optimizer", e.getMessage());
        }
        if (t.has("warmup") && t.i("warmup") > 0 && t.i("warmup") >= t.i("epochs")) {
            report(d, spans, section, "warmup", String.format(Locale.ROOT, "a warm-up of %d epochs is not shorter "
                    + "than the run (epochs: %d): the learning rate would never reach its base", t.i("warmup"),
                    t.i("epochs")));
        }
        if (t.has("data")) {
            String data = t.s("data");
            if (!Datasets.isKnown(data) && !Files.isDirectory(Path.of(data))) {
                SourceSpan at = spans.getOrDefault("data", section);
                d.warning(at, "dataset `" + data + "` is neither one cnnc knows (" + String.join(", ",
                        Datasets.names()) + ") nor a folder here; train will need --data",
                        "a folder needs train/ and test/ inside, each with one folder per class");
            }
        }
    }

    private static void report(Diagnostics d, Map<String, SourceSpan> spans, SourceSpan section, String key,
                               String problem) {
        if (problem != null) {
            d.error(spans.getOrDefault(key, section), problem);
        }
    }
}
