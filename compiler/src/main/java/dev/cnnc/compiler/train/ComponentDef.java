package dev.cnnc.compiler.train;

import dev.cnnc.compiler.ops.AttrSpec;
import java.util.List;

/** A named training component (a loss, an optimizer, ...) and its options, in positional order. */
public record ComponentDef(String name, String summary, List<AttrSpec> attrs) {
    public ComponentDef {
        attrs = List.copyOf(attrs);
    }
}
