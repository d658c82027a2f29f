package dev.cnnc.train.catalog;

import static dev.cnnc.train.catalog.OptionSpec.bool;
import static dev.cnnc.train.catalog.OptionSpec.integer;
import static dev.cnnc.train.catalog.OptionSpec.integers;
import static dev.cnnc.train.catalog.OptionSpec.number;
import static dev.cnnc.train.catalog.OptionSpec.oneOf;
import static dev.cnnc.train.catalog.OptionSpec.string;

import java.util.List;

/**
 * Every training component cnnc knows, with its options and their defaults: the one place they
 * are written. The compiler's {@code train.Catalogs} turns these into the options the language
 * checks (and {@code cnnc ops} lists); the compiler's optimizer and loss lowering and this
 * module's {@link dev.cnnc.train.optim.Schedule}, {@link dev.cnnc.train.data.Augmentations} and
 * {@link dev.cnnc.train.optim.Initializers} read names and defaults from here when an option is
 * not given. The catalog lives in runtime-train, the lowest module that implements components,
 * because the runtime must not depend on the compiler. The formulas are the seed's.
 */
public final class TrainingCatalogs {
    private TrainingCatalogs() {
    }

    public static final ComponentCatalog LOSSES = new ComponentCatalog("loss", List.of(
            new ComponentSpec("cross_entropy", "softmax cross-entropy -Σ y log ŷ, computed stably", List.of(
                    number("label_smoothing").defaultValue(0.0).min(0).below(1))),
            new ComponentSpec("focal", "focal loss -α_t (1 - p_t)^γ log p_t for imbalanced data", List.of(
                    number("alpha").defaultValue(0.25).min(0).max(1),
                    number("gamma").defaultValue(2.0).min(0))),
            new ComponentSpec("dice", "Dice loss 1 - 2|P∩T| / (|P| + |T|) for segmentation", List.of(
                    number("smooth").defaultValue(1.0).min(0))),
            new ComponentSpec("iou", "IoU loss 1 - |P∩T| / |P∪T| for segmentation", List.of(
                    number("smooth").defaultValue(1.0).min(0))),
            new ComponentSpec("distillation",
                    "α L_CE(y, y_hard) + (1 - α) τ² L_KL(σ(z_s/τ), σ(z_t/τ)) against a teacher", List.of(
                    string("teacher").required().doc("teacher model: a .cnn file"),
                    string("teacher_weights").doc("safetensors file of the teacher"),
                    number("alpha").defaultValue(0.5).min(0).max(1),
                    number("temperature").defaultValue(4.0).above(0)))));

    public static final ComponentCatalog OPTIMIZERS = new ComponentCatalog("optimizer", List.of(
            new ComponentSpec("sgd", "v = μv + ∇L; θ -= ηv (Nesterov optional)", List.of(
                    number("lr").defaultValue(0.01).above(0),
                    number("momentum").defaultValue(0.0).min(0).below(1),
                    bool("nesterov").defaultValue(false),
                    number("weight_decay").defaultValue(0.0).min(0))),
            new ComponentSpec("adam", "Adam with bias correction", List.of(
                    number("lr").defaultValue(0.001).above(0),
                    number("beta1").defaultValue(0.9).min(0).below(1),
                    number("beta2").defaultValue(0.999).min(0).below(1),
                    number("eps").defaultValue(1e-8).above(0),
                    number("weight_decay").defaultValue(0.0).min(0))),
            new ComponentSpec("adamw", "Adam with decoupled weight decay", List.of(
                    number("lr").defaultValue(0.001).above(0),
                    number("beta1").defaultValue(0.9).min(0).below(1),
                    number("beta2").defaultValue(0.999).min(0).below(1),
                    number("eps").defaultValue(1e-8).above(0),
                    number("weight_decay").defaultValue(0.01).min(0)))));

    public static final ComponentCatalog SCHEDULES = new ComponentCatalog("schedule", List.of(
            new ComponentSpec("constant", "η_t = η_0", List.of()),
            new ComponentSpec("step", "η_t = η_0 γ^⌊t / step_size⌋ (t in epochs)", List.of(
                    integer("step_size").required().min(1),
                    number("gamma").defaultValue(0.1).above(0))),
            new ComponentSpec("multistep", "η multiplied by γ at each milestone epoch", List.of(
                    integers("milestones").required().min(1),
                    number("gamma").defaultValue(0.1).above(0))),
            new ComponentSpec("exponential", "η_t = η_0 γ^t", List.of(
                    number("gamma").required().above(0))),
            new ComponentSpec("cosine", "η_t = η_min + (η_max - η_min)(1 + cos(πt/T))/2", List.of(
                    integer("t_max").min(1).doc("period T in epochs (default: the run's epochs)"),
                    number("eta_min").defaultValue(0.0).min(0))),
            new ComponentSpec("plateau", "η ← max(η·factor, min_lr) after more than `patience` epochs without "
                    + "a relative improvement of the metric by `threshold`", List.of(
                    number("factor").defaultValue(0.1).above(0).below(1),
                    integer("patience").defaultValue(10).min(0),
                    number("threshold").defaultValue(1e-4).min(0),
                    oneOf("mode", "min", "max").defaultValue("min"),
                    oneOf("metric", "test_loss", "test_accuracy", "train_loss", "train_accuracy", "val_loss",
                            "val_accuracy").defaultValue("test_loss"),
                    number("min_lr").defaultValue(0.0).min(0))),
            new ComponentSpec("one_cycle", "per step: up from max_lr/div_factor to max_lr over pct_start of the "
                    + "run, then down to max_lr/(div_factor·final_div_factor)", List.of(
                    number("max_lr").above(0).doc("peak rate (default: the optimizer's lr)"),
                    number("pct_start").defaultValue(0.3).above(0).below(1),
                    number("div_factor").defaultValue(25.0).above(0),
                    number("final_div_factor").defaultValue(1e4).above(0),
                    oneOf("anneal", "cos", "linear").defaultValue("cos")))));

    public static final ComponentCatalog AUGMENTATIONS = new ComponentCatalog("augmentation", List.of(
            new ComponentSpec("translate", "random translation by up to ±pixels", List.of(
                    integer("pixels").required().min(1))),
            new ComponentSpec("random_crop", "pad by `pad` then crop back at a random offset", List.of(
                    integer("pad").required().min(1))),
            new ComponentSpec("hflip", "horizontal flip with probability p", List.of(
                    number("p").defaultValue(0.5).min(0).max(1))),
            new ComponentSpec("vflip", "vertical flip with probability p", List.of(
                    number("p").defaultValue(0.5).min(0).max(1))),
            new ComponentSpec("rotate", "rotation R(θ) by up to ±degrees", List.of(
                    number("degrees").required().above(0).max(180))),
            new ComponentSpec("scale", "scaling S(s, s) with s in [min, max]", List.of(
                    number("min").required().above(0),
                    number("max").required().above(0))).ordered("min", "max"),
            new ComponentSpec("shear", "shear by up to ±degrees", List.of(
                    number("degrees").required().above(0).below(90))),
            new ComponentSpec("brightness", "I' = I + β with β in ±delta", List.of(
                    number("delta").required().above(0))),
            new ComponentSpec("contrast", "I' = αI with α in [min, max]", List.of(
                    number("min").required().min(0),
                    number("max").required().min(0))).ordered("min", "max"),
            new ComponentSpec("saturation", "colour saturation factor in [min, max] (3-channel inputs)", List.of(
                    number("min").required().min(0),
                    number("max").required().min(0))).ordered("min", "max"),
            new ComponentSpec("hue", "hue shift by up to ±delta turns (3-channel inputs)", List.of(
                    number("delta").required().above(0).max(0.5))),
            new ComponentSpec("cutout", "zero a size×size square at a random place", List.of(
                    integer("size").required().min(1),
                    number("p").defaultValue(1.0).min(0).max(1))),
            new ComponentSpec("random_erasing", "erase a random rectangle (Zhong et al.)", List.of(
                    number("p").defaultValue(0.5).min(0).max(1),
                    number("min_area").defaultValue(0.02).above(0).max(1),
                    number("max_area").defaultValue(0.33).above(0).max(1))).ordered("min_area", "max_area")));

    public static final ComponentCatalog INITIALIZERS = new ComponentCatalog("initializer", List.of(
            new ComponentSpec("default", "PyTorch's default: U(±1/√fan_in)", List.of(
                    integer("fan_in").min(1).doc("set by the op for biases"))),
            new ComponentSpec("xavier_uniform", "U[±gain·√(6/(n_in + n_out))]", List.of(
                    number("gain").defaultValue(1.0).above(0))),
            new ComponentSpec("xavier_normal", "N(0, gain²·2/(n_in + n_out))", List.of(
                    number("gain").defaultValue(1.0).above(0))),
            new ComponentSpec("he_normal", "N(0, 2/n_in) (Kaiming, for ReLU)", List.of()),
            new ComponentSpec("he_uniform", "U[±√(6/n_in)] (Kaiming, for ReLU)", List.of()),
            new ComponentSpec("normal", "N(mean, std²)", List.of(
                    number("std").defaultValue(0.01).above(0),
                    number("mean").defaultValue(0.0))),
            new ComponentSpec("uniform", "U[low, high]", List.of(
                    number("low").defaultValue(-0.05),
                    number("high").defaultValue(0.05))).ordered("low", "high"),
            new ComponentSpec("zeros", "all zeros", List.of()),
            new ComponentSpec("ones", "all ones", List.of()),
            new ComponentSpec("constant", "all equal to value", List.of(
                    number("value").required()))));

    /** The train section's {@code early_stop}: its one component, with the metrics it may watch. */
    public static final ComponentCatalog STOPPING = new ComponentCatalog("early stop", List.of(
            new ComponentSpec("early_stop", "end the run after `patience` epochs in a row without the metric "
                    + "improving by more than min_delta (losses must fall, accuracies rise)", List.of(
                    integer("patience").required().min(1),
                    oneOf("metric", "test_loss", "test_accuracy", "train_loss", "train_accuracy", "val_loss",
                            "val_accuracy").defaultValue("test_loss"),
                    number("min_delta").defaultValue(0.0).min(0)))));

    /**
     * The train section's {@code loss_scale}: how the loss is scaled before backward so that small
     * gradients survive low precision (PyTorch's {@code torch.cuda.amp.GradScaler}; the defaults
     * of {@code dynamic} are its constructor's). {@link dev.cnnc.train.optim.LossScaler} runs them.
     */
    public static final ComponentCatalog LOSS_SCALES = new ComponentCatalog("loss scale", List.of(
            new ComponentSpec("none", "no scaling: the gradients as they are (the default for fp32 and fp64)",
                    List.of()),
            new ComponentSpec("dynamic", "PyTorch's GradScaler: gradient seed × S; a step whose gradients are not "
                    + "finite is skipped and S ×= backoff_factor; after growth_interval finite steps S ×= "
                    + "growth_factor", List.of(
                    number("init").defaultValue(65536.0).above(0).doc("the first scale S"),
                    number("growth_factor").defaultValue(2.0).above(1),
                    number("backoff_factor").defaultValue(0.5).above(0).below(1),
                    integer("growth_interval").defaultValue(2000).min(1)
                            .doc("finite steps in a row before S grows"))),
            new ComponentSpec("static", "a fixed scale S: gradient seed × S, the step's gradients ÷ S (a "
                    + "non-finite gradient ends the run, as without scaling)", List.of(
                    number("scale").required().above(0)))));

    /** Every catalog, in the order {@code cnnc ops} lists them. */
    public static final List<ComponentCatalog> ALL = List.of(LOSSES, OPTIMIZERS, SCHEDULES, AUGMENTATIONS,
            INITIALIZERS, STOPPING, LOSS_SCALES);
}
