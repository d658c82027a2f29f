package dev.cnnc.compiler.train;

import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.compiler.ir.Attrs;
import java.util.List;
import java.util.function.Function;

/**
 * A named training component (a loss, an optimizer, ...) and its options, in positional order,
 * with an optional check across options ({@code min ≤ max}) that returns the problem or null.
 */
public record ComponentDef(String name, String summary, List<AttrSpec> attrs, Function<Attrs, String> check) {
    public ComponentDef {
        attrs = List.copyOf(attrs);
        check = check == null ? a -> null : check;
    }

    public ComponentDef(String name, String summary, List<AttrSpec> attrs) {
        this(name, summary, attrs, null);
    }

    /** A check that option {@code low} is at most option {@code high}. */
    public static Function<Attrs, String> ordered(String low, String high) {
        return a -> a.f(low) <= a.f(high) ? null
                : "`" + low + "` (" + a.f(low) + ") must not exceed `" + high + "` (" + a.f(high) + ")";
    }
}
