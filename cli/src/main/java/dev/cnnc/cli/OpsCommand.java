package dev.cnnc.cli;

import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.compiler.ops.OpDef;
import dev.cnnc.compiler.ops.OpRegistry;
import dev.cnnc.compiler.train.Catalog;
import dev.cnnc.compiler.train.Catalogs;
import dev.cnnc.compiler.train.ComponentDef;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "ops", description = "List the operations and training components with their options.")
final class OpsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("operations:");
        for (OpDef op : OpRegistry.standard().all()) {
            out.printf("  %-20s %s%n", op.name() + options(op.attrs()), "");
            out.printf("      %s%n", op.summary());
        }
        for (Catalog c : List.of(Catalogs.LOSSES, Catalogs.OPTIMIZERS, Catalogs.SCHEDULES, Catalogs.AUGMENTATIONS,
                Catalogs.INITIALIZERS, Catalogs.STOPPING)) {
            out.println();
            out.println(dev.cnnc.train.report.Words.plural(c.what()) + ":");
            for (ComponentDef d : c.all()) {
                out.printf("  %s%n      %s%n", d.name() + options(d.attrs()), d.summary());
            }
        }
        return Main.OK;
    }

    private static String options(List<AttrSpec> attrs) {
        if (attrs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < attrs.size(); i++) {
            AttrSpec a = attrs.get(i);
            b.append(i > 0 ? ", " : "").append(a.name());
            if (!a.isRequired()) {
                Object d = a.defaultValue();
                b.append(" = ").append(d == null ? "none" : dev.cnnc.compiler.ir.Attrs.text(d));
            }
        }
        return b.append(')').toString();
    }
}
