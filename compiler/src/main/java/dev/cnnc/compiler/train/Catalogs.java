package dev.cnnc.compiler.train;

import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.List;
import java.util.Map;

/**
 * Every training component the language knows, with its options, and the keys of the
 * {@code train { }} section. The components, their options and defaults are written once, in
 * runtime-train's {@link TrainingCatalogs} (the runtime implements them and must not depend on
 * the compiler); these are the same catalogs as option specs for the {@code Binder}.
 */
public final class Catalogs {
    private Catalogs() {
    }

    public static final Catalog LOSSES = Catalog.of(TrainingCatalogs.LOSSES);

    public static final Catalog OPTIMIZERS = Catalog.of(TrainingCatalogs.OPTIMIZERS);

    public static final Catalog SCHEDULES = Catalog.of(TrainingCatalogs.SCHEDULES);

    public static final Catalog AUGMENTATIONS = Catalog.of(TrainingCatalogs.AUGMENTATIONS);

    public static final Catalog INITIALIZERS = Catalog.of(TrainingCatalogs.INITIALIZERS);

    public static final Catalog STOPPING = Catalog.of(TrainingCatalogs.STOPPING);

    public static final Catalog LOSS_SCALES = Catalog.of(TrainingCatalogs.LOSS_SCALES);

    private static final Map<String, Catalog> BY_NAME = Map.of(
            LOSSES.what(), LOSSES, OPTIMIZERS.what(), OPTIMIZERS, SCHEDULES.what(), SCHEDULES,
            AUGMENTATIONS.what(), AUGMENTATIONS, INITIALIZERS.what(), INITIALIZERS, STOPPING.what(), STOPPING,
            LOSS_SCALES.what(), LOSS_SCALES);

    public static Catalog byName(String what) {
        Catalog c = BY_NAME.get(what);
        if (c == null) {
            throw new IllegalArgumentException("no catalog " + what);
        }
        return c;
    }

    /** The keys of a model's {@code train { }} section, with defaults. */
    public static final List<AttrSpec> TRAIN_KEYS = List.of(
            AttrSpec.component("loss", "loss").doc("default: cross_entropy"),
            AttrSpec.component("optimizer", "optimizer").doc("default: sgd"),
            AttrSpec.component("schedule", "schedule").doc("learning-rate schedule, default: constant"),
            AttrSpec.integer("warmup").defaultValue(0).min(0).doc("epochs of linear learning-rate warm-up"),
            AttrSpec.integer("batch").defaultValue(64).min(1),
            AttrSpec.integer("epochs").defaultValue(10).min(1),
            AttrSpec.component("init", "initializer").doc("initializer of every weight without its own `init`"),
            AttrSpec.components("augment", "augmentation").doc("augmentation steps, applied in order"),
            AttrSpec.numbers("mean").doc("input normalization: subtract (per channel or one number)"),
            AttrSpec.numbers("std").above(0).doc("input normalization: divide (per channel or one number)"),
            AttrSpec.integer("seed").defaultValue(0).min(0),
            AttrSpec.number("grad_clip").above(0).doc("clip gradients to this global L2 norm"),
            AttrSpec.component("loss_scale", "loss scale").doc("none (default; with precision mixed: dynamic), dynamic(init, growth_factor, "
                    + "backoff_factor, growth_interval) as PyTorch's GradScaler, or static(scale)"),
            AttrSpec.component("early_stop", "early stop")
                    .doc("early_stop(patience, metric, min_delta), default: none"),
            AttrSpec.number("val").min(0).below(1).doc("fraction of each class of the training set held out for "
                    + "validation (best.safetensors by validation accuracy; the test set evaluated once, at the end)"),
            AttrSpec.integer("accumulate").defaultValue(1).min(1).doc("batches per optimizer step"),
            AttrSpec.oneOf("interpolation", "bilinear", "nearest").defaultValue("bilinear").doc("how predict resizes "
                    + "an image of another size to the input (PyTorch's interpolate modes; training data is never "
                    + "resized)"),
            AttrSpec.oneOf("precision", "fp32", "fp64", "mixed").defaultValue("fp32"),
            AttrSpec.string("data").doc("default dataset, e.g. \"fashion-mnist\""),
            AttrSpec.strings("classes").doc("class names, in label order"),
            AttrSpec.strings("freeze").doc("layers (or block instances) whose parameters the optimizer leaves as "
                    + "they are, as requires_grad=False in PyTorch"));
}
