package dev.cnnc.compiler;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.ir.Graph;
import java.util.List;

/**
 * The result of checking one file: its models as typed graphs (empty when there were
 * errors), the names of the blocks it defines, and every diagnostic.
 */
public record Compilation(String file, List<Graph> models, List<String> blocks, Diagnostics diagnostics) {
    public Compilation {
        models = List.copyOf(models);
        blocks = List.copyOf(blocks);
    }

    public boolean ok() {
        return !diagnostics.hasErrors();
    }

    /** The model named {@code name}, or the only model when {@code name} is null; null if none matches. */
    public Graph model(String name) {
        if (name == null) {
            return models.size() == 1 ? models.get(0) : null;
        }
        return models.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }
}
