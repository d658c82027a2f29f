package dev.cnnc.compiler.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.OptimizerLowering;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.train.catalog.ComponentCatalog;
import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.OptionSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The language's training catalogs are the runtime's {@link TrainingCatalogs} as option specs,
 * and the compiler's optimizer and loss lowering take their defaults from there.
 */
class CatalogsTest {
    private static Graph compile(String train) {
        Compilation c = new Compiler(List.of()).check("catalogs_test.cnn",
                "model M { input x: [3]  output y = x -> dense(2) as fc\n  train { " + train + " } }", null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    @Test
    void everyOptionIsTheRuntimesWithItsDefaultAndLimits() {
        List<Catalog> compiler = List.of(Catalogs.LOSSES, Catalogs.OPTIMIZERS, Catalogs.SCHEDULES,
                Catalogs.AUGMENTATIONS, Catalogs.INITIALIZERS, Catalogs.STOPPING, Catalogs.LOSS_SCALES);
        for (int i = 0; i < compiler.size(); i++) {
            Catalog c = compiler.get(i);
            ComponentCatalog runtime = TrainingCatalogs.ALL.get(i);
            assertEquals(runtime.what(), c.what());
            assertEquals(runtime.names(), c.names());
            for (ComponentSpec s : runtime.all()) {
                ComponentDef d = c.lookup(s.name());
                assertEquals(s.summary(), d.summary());
                assertEquals(s.optionNames(), d.attrs().stream().map(AttrSpec::name).toList(), s.name());
                for (int j = 0; j < s.options().size(); j++) {
                    OptionSpec o = s.options().get(j);
                    AttrSpec a = d.attrs().get(j);
                    String where = s.name() + "." + o.name();
                    assertEquals(o.defaultValue(), a.defaultValue(), where);
                    assertEquals(o.isRequired(), a.isRequired(), where);
                    assertEquals(o.doc(), a.doc(), where);
                    if (o.min() != null) {
                        assertEquals(o.minExclusive(), a.checkRange(o.min()) != null, where + " at its minimum");
                        assertTrue(a.checkRange(o.min() - 1) != null, where + " below its minimum");
                    }
                    if (o.max() != null) {
                        assertEquals(o.maxExclusive(), a.checkRange(o.max()) != null, where + " at its maximum");
                        assertTrue(a.checkRange(o.max() + 1) != null, where + " above its maximum");
                    }
                }
            }
        }
    }

    @Test
    void orderedOptionsAreCheckedByTheLanguage() {
        Attrs reversed = new Attrs(java.util.Map.of("min", 2.0, "max", 1.0));
        assertEquals("`min` (2.0) must not exceed `max` (1.0)",
                Catalogs.AUGMENTATIONS.lookup("scale").check().apply(reversed));
        assertNull(Catalogs.AUGMENTATIONS.lookup("rotate").check().apply(Attrs.EMPTY), "no ordered pair");
    }

    @Test
    void optimizerAndLossDefaultsAreTheCatalogs() {
        ComponentSpec adamw = TrainingCatalogs.OPTIMIZERS.require("adamw");
        assertEquals(OptimizerLowering.Config.adamw(adamw.defaultOf("lr"), adamw.defaultOf("beta1"),
                adamw.defaultOf("beta2"), adamw.defaultOf("eps"), adamw.defaultOf("weight_decay")),
                OptimizerLowering.Config.of(new Component("adamw", Attrs.EMPTY)));
        ComponentSpec sgd = TrainingCatalogs.OPTIMIZERS.require("sgd");
        assertEquals(OptimizerLowering.Config.sgd(sgd.defaultOf("lr"), sgd.defaultOf("momentum"), false,
                sgd.defaultOf("weight_decay")), Recipes.optimizer(compile("")), "no optimizer: sgd's defaults");
        ComponentSpec focal = TrainingCatalogs.LOSSES.require("focal");
        assertEquals(LossLowering.Loss.focal(focal.defaultOf("alpha"), focal.defaultOf("gamma")),
                Recipes.loss(compile("loss: focal")));
        assertEquals(LossLowering.Loss.focal(0.5, focal.defaultOf("gamma")),
                Recipes.loss(compile("loss: focal(alpha: 0.5)")));
        Compilation dice = new Compiler(List.of()).check("catalogs_test.cnn",
                "model M { input x: [3]  output y = x -> dense(2) as fc\n  train { loss: dice } }", null);
        assertEquals(List.of("loss `dice` is not implemented for training yet (only cross_entropy, with "
                + "label_smoothing, and focal)"), dice.diagnostics().all().stream().map(d -> d.message()).toList(),
                "a loss not trainable yet is refused by the front end (check as train), where the catalog has it");
    }

    @Test
    void plateauOneCycleAndEarlyStopReachTheRecipe() {
        Graph g = compile("schedule: plateau(mode: max, metric: test_accuracy, patience: 2)\n"
                + "early_stop: early_stop(3, min_delta: 0.01)");
        dev.cnnc.train.Recipe r = Recipes.of(g, Recipes.optimizer(g), Recipes.loss(g), 8, "fp32");
        assertEquals("plateau", r.schedule());
        assertEquals("max", r.scheduleOptions().get("mode"));
        assertEquals("test_accuracy", r.scheduleOptions().get("metric"));
        assertEquals(2, r.scheduleOptions().get("patience"));
        assertEquals("early_stop", r.earlyStop().name());
        assertEquals(3, r.earlyStop().options().get("patience"));
        assertEquals(0.01, r.earlyStop().options().get("min_delta"));
        dev.cnnc.train.TrainConfig c = r.config(10, 0, 0.1, 0, 0);
        assertEquals("test_accuracy", c.schedule().metric());
        assertEquals("early_stop(patience=3, metric=test_loss, min_delta=0.01)", c.earlyStop().toString());
        Graph one = compile("schedule: one_cycle(max_lr: 0.5, anneal: linear)");
        dev.cnnc.train.Recipe r1 = Recipes.of(one, Recipes.optimizer(one), Recipes.loss(one), 8, "fp32");
        assertNull(r1.earlyStop());
        assertEquals(0.5 / 25, r1.config(2, 0, 0.1, 0, 0).schedule().lr(0, 0, 10), 1e-15);
        Compilation bad = new Compiler(List.of()).check("catalogs_test.cnn",
                "model M { input x: [3]  output y = x -> dense(2) as fc\n  train { schedule: plateau(mode: maxx) } }",
                null);
        assertEquals(1, bad.diagnostics().all().size());
        assertTrue(bad.diagnostics().all().get(0).message().contains("`maxx` is not a value of option `mode`"),
                bad.diagnostics().all().get(0).message());
        Compilation typo = new Compiler(List.of()).check("catalogs_test.cnn",
                "model M { input x: [3]  output y = x -> dense(2) as fc\n  train { early_stop: early_stp(3)\n"
                        + "val: 1.5 } }", null);
        List<String> msgs = typo.diagnostics().all().stream().map(d -> d.message() + " / " + d.hint()).toList();
        assertEquals(2, msgs.size(), msgs.toString());
        assertTrue(msgs.get(0).contains("early stop") && msgs.get(0).contains("early_stop"), msgs.toString());
        assertTrue(msgs.get(1).contains("val"), msgs.toString());
    }
}
