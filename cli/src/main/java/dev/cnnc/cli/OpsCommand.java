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

@Command(name = "ops", description = "List the operations and training components with their options; with NAME, "
        + "one of them in full.")
final class OpsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "NAME", description = "an operation (conv) or a "
            + "training component (adam, cosine, hflip, he_normal, cross_entropy)")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            return one(out);
        }
        out.println("operations:");
        for (OpDef op : OpRegistry.standard().all()) {
            out.printf("  %-20s %s%n", op.name() + options(op.attrs()), "");
            out.printf("      %s%n", op.summary());
        }
        for (Catalog c : List.of(Catalogs.LOSSES, Catalogs.OPTIMIZERS, Catalogs.SCHEDULES, Catalogs.AUGMENTATIONS,
                Catalogs.INITIALIZERS, Catalogs.STOPPING, Catalogs.LOSS_SCALES)) {
            out.println();
            out.println(dev.cnnc.train.report.Words.plural(c.what()) + ":");
            for (ComponentDef d : c.all()) {
                out.printf("  %s%n      %s%n", d.name() + options(d.attrs()), d.summary());
            }
        }
        return Main.OK;
    }

    private static final List<Catalog> CATALOGS = List.of(Catalogs.LOSSES, Catalogs.OPTIMIZERS, Catalogs.SCHEDULES,
            Catalogs.AUGMENTATIONS, Catalogs.INITIALIZERS, Catalogs.LOSS_SCALES);

    /** {@code cnnc ops NAME}: its usage, what it computes, and each option with its type, default and meaning. */
    private int one(PrintWriter out) {
        OpDef op = OpRegistry.standard().lookup(name);
        boolean found = false;
        if (op != null) {
            out.println("operation " + op.name() + options(op.attrs()));
            out.println("  " + op.summary());
            describe(out, op.attrs());
            found = true;
        }
        for (Catalog c : CATALOGS) {
            ComponentDef d = c.lookup(name);
            if (d != null) {
                out.println((found ? "\n" : "") + c.what() + " " + d.name() + options(d.attrs()));
                out.println("  " + d.summary());
                describe(out, d.attrs());
                found = true;
            }
        }
        if (found) {
            return Main.OK;
        }
        List<String> all = new java.util.ArrayList<>(OpRegistry.standard().names());
        CATALOGS.forEach(c -> all.addAll(c.names()));
        String hint = dev.cnnc.compiler.diag.Suggest.didYouMean(name, all);
        String foreign = OpRegistry.standard().foreignName(name);
        spec.commandLine().getErr().println("cnnc ops: error: no operation or training component `" + name + "`"
                + (hint != null ? "; " + hint : foreign != null ? "; cnnc calls this `" + foreign + "`" : "")
                + " (`cnnc ops` lists them all)");
        return Main.USAGE;
    }

    private static void describe(PrintWriter out, List<AttrSpec> attrs) {
        if (attrs.isEmpty()) {
            out.println("  no options");
            return;
        }
        out.println("  options:");
        for (AttrSpec a : attrs) {
            String kind = a.kind().toString().toLowerCase(java.util.Locale.ROOT);
            if (!a.choices().isEmpty()) {
                kind = String.join(" | ", a.choices());
            }
            String dflt = a.isRequired() ? "required" : "default " + (a.defaultValue() == null ? "none"
                    : dev.cnnc.compiler.ir.Attrs.text(a.defaultValue()));
            out.printf("    %-18s %s, %s%s%n", a.name(), kind, dflt, a.doc() == null || a.doc().isBlank() ? ""
                    : ": " + a.doc());
        }
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
