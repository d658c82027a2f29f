package dev.cnnc.compiler.train;

import dev.cnnc.compiler.ops.AttrSpec;
import java.util.List;
import java.util.Map;

/**
 * Every training component the language knows, with its options, and the keys of the
 * {@code train { }} section. The formulas these name are the seed's; the runtime
 * implements them.
 */
public final class Catalogs {
    private Catalogs() {
    }

    public static final Catalog LOSSES = new Catalog("loss", List.of(
            new ComponentDef("cross_entropy", "softmax cross-entropy -Σ y log ŷ, computed stably", List.of(
                    AttrSpec.number("label_smoothing").defaultValue(0.0).min(0).below(1))),
            new ComponentDef("focal", "focal loss -α_t (1 - p_t)^γ log p_t for imbalanced data", List.of(
                    AttrSpec.number("alpha").defaultValue(0.25).min(0).max(1),
                    AttrSpec.number("gamma").defaultValue(2.0).min(0))),
            new ComponentDef("dice", "Dice loss 1 - 2|P∩T| / (|P| + |T|) for segmentation", List.of(
                    AttrSpec.number("smooth").defaultValue(1.0).min(0))),
            new ComponentDef("iou", "IoU loss 1 - |P∩T| / |P∪T| for segmentation", List.of(
                    AttrSpec.number("smooth").defaultValue(1.0).min(0))),
            new ComponentDef("distillation",
                    "α L_CE(y, y_hard) + (1 - α) τ² L_KL(σ(z_s/τ), σ(z_t/τ)) against a teacher", List.of(
                    AttrSpec.string("teacher").required().doc("teacher model: a .cnn file"),
                    AttrSpec.string("teacher_weights").doc("safetensors file of the teacher"),
                    AttrSpec.number("alpha").defaultValue(0.5).min(0).max(1),
                    AttrSpec.number("temperature").defaultValue(4.0).above(0)))));

    public static final Catalog OPTIMIZERS = new Catalog("optimizer", List.of(
            new ComponentDef("sgd", "v = μv + ∇L; θ -= ηv (Nesterov optional)", List.of(
                    AttrSpec.number("lr").defaultValue(0.01).above(0),
                    AttrSpec.number("momentum").defaultValue(0.0).min(0).below(1),
                    AttrSpec.bool("nesterov").defaultValue(false),
                    AttrSpec.number("weight_decay").defaultValue(0.0).min(0))),
            new ComponentDef("adam", "Adam with bias correction", List.of(
                    AttrSpec.number("lr").defaultValue(0.001).above(0),
                    AttrSpec.number("beta1").defaultValue(0.9).min(0).below(1),
                    AttrSpec.number("beta2").defaultValue(0.999).min(0).below(1),
                    AttrSpec.number("eps").defaultValue(1e-8).above(0),
                    AttrSpec.number("weight_decay").defaultValue(0.0).min(0))),
            new ComponentDef("adamw", "Adam with decoupled weight decay", List.of(
                    AttrSpec.number("lr").defaultValue(0.001).above(0),
                    AttrSpec.number("beta1").defaultValue(0.9).min(0).below(1),
                    AttrSpec.number("beta2").defaultValue(0.999).min(0).below(1),
                    AttrSpec.number("eps").defaultValue(1e-8).above(0),
                    AttrSpec.number("weight_decay").defaultValue(0.01).min(0)))));

    public static final Catalog SCHEDULES = new Catalog("schedule", List.of(
            new ComponentDef("constant", "η_t = η_0", List.of()),
            new ComponentDef("step", "η_t = η_0 γ^⌊t / step_size⌋ (t in epochs)", List.of(
                    AttrSpec.integer("step_size").required().min(1),
                    AttrSpec.number("gamma").defaultValue(0.1).above(0))),
            new ComponentDef("multistep", "η multiplied by γ at each milestone epoch", List.of(
                    AttrSpec.integers("milestones").required().min(1),
                    AttrSpec.number("gamma").defaultValue(0.1).above(0))),
            new ComponentDef("exponential", "η_t = η_0 γ^t", List.of(
                    AttrSpec.number("gamma").required().above(0))),
            new ComponentDef("cosine", "η_t = η_min + (η_max - η_min)(1 + cos(πt/T))/2", List.of(
                    AttrSpec.integer("t_max").min(1).doc("period T in epochs (default: the run's epochs)"),
                    AttrSpec.number("eta_min").defaultValue(0.0).min(0)))));

    public static final Catalog AUGMENTATIONS = new Catalog("augmentation", List.of(
            new ComponentDef("translate", "random translation by up to ±pixels", List.of(
                    AttrSpec.integer("pixels").required().min(1))),
            new ComponentDef("random_crop", "pad by `pad` then crop back at a random offset", List.of(
                    AttrSpec.integer("pad").required().min(1))),
            new ComponentDef("hflip", "horizontal flip with probability p", List.of(
                    AttrSpec.number("p").defaultValue(0.5).min(0).max(1))),
            new ComponentDef("vflip", "vertical flip with probability p", List.of(
                    AttrSpec.number("p").defaultValue(0.5).min(0).max(1))),
            new ComponentDef("rotate", "rotation R(θ) by up to ±degrees", List.of(
                    AttrSpec.number("degrees").required().above(0).max(180))),
            new ComponentDef("scale", "scaling S(s, s) with s in [min, max]", List.of(
                    AttrSpec.number("min").required().above(0),
                    AttrSpec.number("max").required().above(0)), ComponentDef.ordered("min", "max")),
            new ComponentDef("shear", "shear by up to ±degrees", List.of(
                    AttrSpec.number("degrees").required().above(0).below(90))),
            new ComponentDef("brightness", "I' = I + β with β in ±delta", List.of(
                    AttrSpec.number("delta").required().above(0))),
            new ComponentDef("contrast", "I' = αI with α in [min, max]", List.of(
                    AttrSpec.number("min").required().min(0),
                    AttrSpec.number("max").required().min(0)), ComponentDef.ordered("min", "max")),
            new ComponentDef("saturation", "colour saturation factor in [min, max] (3-channel inputs)", List.of(
                    AttrSpec.number("min").required().min(0),
                    AttrSpec.number("max").required().min(0)), ComponentDef.ordered("min", "max")),
            new ComponentDef("hue", "hue shift by up to ±delta turns (3-channel inputs)", List.of(
                    AttrSpec.number("delta").required().above(0).max(0.5))),
            new ComponentDef("cutout", "zero a size×size square at a random place", List.of(
                    AttrSpec.integer("size").required().min(1),
                    AttrSpec.number("p").defaultValue(1.0).min(0).max(1))),
            new ComponentDef("random_erasing", "erase a random rectangle (Zhong et al.)", List.of(
                    AttrSpec.number("p").defaultValue(0.5).min(0).max(1),
                    AttrSpec.number("min_area").defaultValue(0.02).above(0).max(1),
                    AttrSpec.number("max_area").defaultValue(0.33).above(0).max(1)),
                    ComponentDef.ordered("min_area", "max_area"))));

    public static final Catalog INITIALIZERS = new Catalog("initializer", List.of(
            new ComponentDef("default", "PyTorch's default: U(±1/√fan_in)", List.of(
                    AttrSpec.integer("fan_in").min(1).doc("set by the op for biases"))),
            new ComponentDef("xavier_uniform", "U[±gain·√(6/(n_in + n_out))]", List.of(
                    AttrSpec.number("gain").defaultValue(1.0).above(0))),
            new ComponentDef("xavier_normal", "N(0, gain²·2/(n_in + n_out))", List.of(
                    AttrSpec.number("gain").defaultValue(1.0).above(0))),
            new ComponentDef("he_normal", "N(0, 2/n_in) (Kaiming, for ReLU)", List.of()),
            new ComponentDef("he_uniform", "U[±√(6/n_in)] (Kaiming, for ReLU)", List.of()),
            new ComponentDef("normal", "N(mean, std²)", List.of(
                    AttrSpec.number("std").defaultValue(0.01).above(0),
                    AttrSpec.number("mean").defaultValue(0.0))),
            new ComponentDef("uniform", "U[low, high]", List.of(
                    AttrSpec.number("low").defaultValue(-0.05),
                    AttrSpec.number("high").defaultValue(0.05)), ComponentDef.ordered("low", "high")),
            new ComponentDef("zeros", "all zeros", List.of()),
            new ComponentDef("ones", "all ones", List.of()),
            new ComponentDef("constant", "all equal to value", List.of(
                    AttrSpec.number("value").required()))));

    private static final Map<String, Catalog> BY_NAME = Map.of(
            LOSSES.what(), LOSSES, OPTIMIZERS.what(), OPTIMIZERS, SCHEDULES.what(), SCHEDULES,
            AUGMENTATIONS.what(), AUGMENTATIONS, INITIALIZERS.what(), INITIALIZERS);

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
            AttrSpec.integer("accumulate").defaultValue(1).min(1).doc("batches per optimizer step"),
            AttrSpec.oneOf("precision", "fp32", "fp64", "mixed").defaultValue("fp32"),
            AttrSpec.string("data").doc("default dataset, e.g. \"fashion-mnist\""),
            AttrSpec.strings("classes").doc("class names, in label order"));
}
