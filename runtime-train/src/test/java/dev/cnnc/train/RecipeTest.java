package dev.cnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecipeTest {
    static Recipe recipe(String schedule, Map<String, Object> options, List<Recipe.Step> augment) {
        return new Recipe(10, 32, 3, "adam", "adam(lr=0.01)", 0.01, 0.9, 0.999, schedule, options, 2, 1.5, 2,
                augment, new double[] {0.5}, new double[] {0.25}, "fashion-mnist", List.of("a", "b"), "ce", "fp32");
    }

    @Test
    void configAppliesTheRunsEpochsSeedAndRate() {
        Recipe r = recipe("multistep", Map.of("milestones", new int[] {3, 6}, "gamma", 0.5),
                List.of(new Recipe.Step("hflip", Map.of("p", 0.5))));
        TrainConfig c = r.config(8, 11, 0.1, 100, 50);
        assertEquals(8, c.epochs());
        assertEquals(11, c.seed());
        assertEquals(1.5, c.gradClip());
        assertEquals(2, c.accumulate());
        assertEquals(1, c.augment().size());
        assertArrayEquals(new double[] {0.5}, c.mean());
        // warm-up of 2 epochs, then multistep from the given base rate
        assertEquals(0.1, c.schedule().lr(2, 0, 10), 1e-12);
        assertEquals(0.05, c.schedule().lr(3, 0, 10), 1e-12);
        assertEquals(0.025, c.schedule().lr(7, 0, 10), 1e-12);
        assertEquals(100, c.limit());
        assertEquals(50, c.testLimit());
    }

    @Test
    void badComponentsAreErrorsWhenTheRunIsConfigured() {
        assertThrows(IllegalArgumentException.class, () -> recipe("sometimes", Map.of(), List.of()).config(1, 0, 0.1,
                0, 0));
        assertThrows(IllegalArgumentException.class, () -> recipe("constant", Map.of(),
                List.of(new Recipe.Step("wobble", Map.of()))).config(1, 0, 0.1, 0, 0));
    }

    @Test
    void classNamesComeFromTheRecipeThenTheDataThenIndices() {
        Recipe r = recipe("constant", Map.of(), List.of());
        assertEquals(List.of("a", "b", "z", "3"), r.classNames(4, List.of("x", "y", "z")));
        assertEquals(List.of("a", "b", "2"), r.classNames(3, null));
    }

    @Test
    void isImmutable() {
        double[] mean = {0.5};
        Recipe r = new Recipe(1, 1, 0, "sgd", "sgd", 0.1, 0, 0, "constant", Map.of(), 0, 0, 1, List.of(), mean, null,
                null, List.of(), "ce", "fp32");
        mean[0] = 9;
        assertEquals(0.5, r.mean()[0]);
        r.mean()[0] = 7;
        assertEquals(0.5, r.mean()[0]);
    }
}
