package dev.cnnc.cli;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Check .cnn files: syntax, imports, blocks, options and every shape.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = ".cnn files to check")
    List<Path> files;

    @Option(names = "--time", description = "print how long parsing and checking took")
    boolean time;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Compiler compiler = Compiler.standard();
        boolean ok = true;
        for (Path file : files) {
            long start = System.nanoTime();
            Compilation c = compiler.check(file);
            long nanos = System.nanoTime() - start;
            String text = DiagnosticFormatter.formatAll(c.diagnostics());
            spec.commandLine().getErr().print(text);
            if (c.ok()) {
                StringBuilder line = new StringBuilder("ok: ").append(file);
                for (Graph g : c.models()) {
                    line.append(" [model ").append(g.name()).append(": ").append(g.nodes().size()).append(" layers, ")
                            .append(String.format("%,d", g.parameterCount())).append(" parameters]");
                }
                if (!c.blocks().isEmpty()) {
                    line.append(" [blocks: ").append(String.join(", ", c.blocks())).append(']');
                }
                if (time) {
                    line.append(String.format(" in %.1f ms", nanos / 1e6));
                }
                spec.commandLine().getOut().println(line);
            } else {
                ok = false;
            }
        }
        spec.commandLine().getErr().flush();
        return ok ? Main.OK : Main.MODEL_ERROR;
    }
}
