package dev.cnnc.train.catalog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnc.train.data.Augmentations;
import dev.cnnc.train.optim.Initializers;
import dev.cnnc.train.optim.Schedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one catalog of training components against what the runtime implements: every schedule,
 * augmentation and initializer it lists can be made with only its required options, and an
 * option left out takes the catalog's default.
 */
class TrainingCatalogsTest {
    /** A valid value for each required option: its lower limit, nudged inside when excluded, or 1. */
    private static Map<String, Object> required(ComponentSpec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionSpec o : c.options()) {
            if (o.isRequired()) {
                double v = o.min() == null ? 1 : o.min() + (o.minExclusive() ? 0.5 : 0);
                if (o.type() == OptionSpec.Type.INTS) {
                    m.put(o.name(), List.of((int) Math.ceil(Math.max(v, 1))));
                } else if (o.type() == OptionSpec.Type.INT) {
                    m.put(o.name(), (int) Math.ceil(v));
                } else {
                    m.put(o.name(), v);
                }
            }
        }
        return m;
    }

    @Test
    void theRuntimeImplementsEveryScheduleAugmentationAndInitializer() {
        for (ComponentSpec c : TrainingCatalogs.SCHEDULES.all()) {
            assertDoesNotThrow(() -> Schedule.of(c.name(), required(c), 0.1, 10, 0), c.name());
        }
        assertEquals(TrainingCatalogs.AUGMENTATIONS.names(), Augmentations.names());
        for (ComponentSpec c : TrainingCatalogs.AUGMENTATIONS.all()) {
            assertEquals(c.optionNames(), Augmentations.optionNames(c.name()), c.name());
            assertDoesNotThrow(() -> Augmentations.create(c.name(), required(c)), c.name());
        }
        assertEquals(TrainingCatalogs.INITIALIZERS.names(), List.copyOf(Initializers.names()));
        for (ComponentSpec c : TrainingCatalogs.INITIALIZERS.all()) {
            assertDoesNotThrow(() -> Initializers.fill(c.name(), required(c), new long[] {4, 3}, 1, "w"), c.name());
        }
    }

    @Test
    void optionsLeftOutTakeTheCatalogsDefaults() {
        ComponentSpec step = TrainingCatalogs.SCHEDULES.require("step");
        assertEquals(Schedule.step(0.1, 2, step.defaultOf("gamma")).lrAtEpoch(5),
                Schedule.of("step", Map.of("step_size", 2), 0.1, 10, 0).lrAtEpoch(5));
        ComponentSpec normal = TrainingCatalogs.INITIALIZERS.require("normal");
        double[] byDefault = Initializers.fill("normal", Map.of(), new long[] {8, 8}, 3, "w");
        double[] explicit = Initializers.fill("normal", Map.of("std", normal.defaultOf("std"),
                "mean", normal.defaultOf("mean")), new long[] {8, 8}, 3, "w");
        assertEquals(java.util.Arrays.toString(explicit), java.util.Arrays.toString(byDefault));
        ComponentSpec erasing = TrainingCatalogs.AUGMENTATIONS.require("random_erasing");
        assertEquals(Augmentations.create("random_erasing", Map.of("p", erasing.defaultOf("p"), "min_area",
                erasing.defaultOf("min_area"), "max_area", erasing.defaultOf("max_area"))),
                Augmentations.create("random_erasing", Map.of()));
    }

    @Test
    void lookupsNameTheKindAndTheKnownComponents() {
        assertEquals(List.of("sgd", "adam", "adamw"), TrainingCatalogs.OPTIMIZERS.names());
        assertEquals(0.01, TrainingCatalogs.OPTIMIZERS.require("adamw").defaultOf("weight_decay"));
        assertEquals("unknown optimizer lamb (known: sgd, adam, adamw)", assertThrows(IllegalArgumentException.class,
                () -> TrainingCatalogs.OPTIMIZERS.require("lamb")).getMessage());
        assertEquals("step_size", TrainingCatalogs.SCHEDULES.require("step").options().get(0).name());
        assertThrows(IllegalStateException.class, () -> TrainingCatalogs.SCHEDULES.require("step")
                .defaultOf("step_size"), "a required option has no default");
        assertEquals("option x is required and has a default", assertThrows(IllegalArgumentException.class,
                () -> new OptionSpec("x", OptionSpec.Type.NUMBER, 1.0, true, null, false, null, false, "", List.of()))
                .getMessage());
    }
}
