package dev.cnnc.compiler.train;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A checked model's {@code train { }} section as the host-side {@link Recipe}. */
public final class Recipes {
    private Recipes() {
    }

    /**
     * The recipe of {@code g}, with the optimizer, loss, batch and precision the program is
     * lowered with (which a command line may have overridden).
     */
    public static Recipe of(Graph g, OptimizerLowering.Config optimizer, LossLowering.Loss loss, int batch,
                            String precision) {
        Attrs t = g.training();
        Component sched = t.component("schedule");
        Component stop = t.component("early_stop");
        Component scale = t.component("loss_scale");
        List<Recipe.Step> augment = new ArrayList<>();
        if (t.get("augment") instanceof List<?> steps) {
            for (Object o : steps) {
                Component c = (Component) o;
                augment.add(new Recipe.Step(c.name(), options(c.options())));
            }
        }
        List<String> classes = new ArrayList<>();
        if (t.get("classes") instanceof List<?> names) {
            names.forEach(n -> classes.add(n.toString()));
        }
        return new Recipe(t.i("epochs"), batch, t.i("seed"), optimizer.name(), optimizer.toString(), optimizer.lr(),
                optimizer.beta1(), optimizer.beta2(), sched == null ? "constant" : sched.name(),
                sched == null ? Map.of() : options(sched.options()), t.i("warmup"),
                t.has("grad_clip") ? t.f("grad_clip") : 0, t.i("accumulate"), augment, (double[]) t.get("mean"),
                (double[]) t.get("std"), t.has("data") ? t.s("data") : null, classes, loss.toString(), precision,
                stop == null ? null : new Recipe.Step(stop.name(), options(stop.options())),
                t.has("val") ? t.f("val") : 0, t.s("interpolation"),
                scale == null ? null : new Recipe.Step(scale.name(), options(scale.options())));
    }

    /** The optimizer of the section ({@code sgd} with its defaults when it names none). */
    public static OptimizerLowering.Config optimizer(Graph g) {
        return OptimizerLowering.Config.fromTraining(g.training());
    }

    /**
     * The section's loss for training: {@code cross_entropy(label_smoothing)} (the default) or
     * {@code focal(alpha, gamma)} (multi-class softmax form, one α for every class).
     *
     * @throws IllegalArgumentException for the catalog's losses that are not trainable yet
     */
    public static LossLowering.Loss loss(Graph g) {
        Component loss = g.training().component("loss");
        if (loss == null) {
            return LossLowering.Loss.crossEntropy(0);
        }
        switch (loss.name()) {
            case LossLowering.Loss.CROSS_ENTROPY:
                return LossLowering.Loss.crossEntropy(option(loss, "label_smoothing"));
            case LossLowering.Loss.FOCAL:
                return LossLowering.Loss.focal(option(loss, "alpha"), option(loss, "gamma"));
            default:
                throw new IllegalArgumentException(TrainRules.lossProblem(loss));
        }
    }

    /**
     * The model's loss if it can be trained ({@link #loss}), else plain cross-entropy: for the
     * commands that only report a loss or time a step (eval, bench, tune), which work for any loss.
     */
    public static LossLowering.Loss lossOrCrossEntropy(Graph g) {
        try {
            return loss(g);
        } catch (IllegalArgumentException notTrainable) {
            return LossLowering.Loss.crossEntropy(0);
        }
    }

    /** An option of a checked loss, or the catalog's default ({@link TrainingCatalogs#LOSSES}) when it is absent. */
    private static double option(Component c, String name) {
        return c.options().has(name) ? c.options().f(name) : TrainingCatalogs.LOSSES.require(c.name()).defaultOf(name);
    }

    /** The options that are set, in order. */
    public static Map<String, Object> options(Attrs a) {
        Map<String, Object> m = new LinkedHashMap<>();
        a.asMap().forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }
}
