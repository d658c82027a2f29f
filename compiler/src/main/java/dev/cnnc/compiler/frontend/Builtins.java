package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;
import java.util.Set;

/**
 * Functions usable in arguments: {@code channels(x)}, {@code height(x)}, {@code width(x)} and
 * {@code numel(x)} (elements per sample) of a tensor, and {@code min}, {@code max}, {@code floor}, {@code ceil}, {@code round}, {@code abs}
 * of numbers.
 */
final class Builtins {
    private static final Set<String> NAMES = Set.of("channels", "height", "width", "numel", "min", "max",
            "floor", "ceil", "round", "abs");

    private Builtins() {
    }

    static boolean isBuiltin(String name) {
        return NAMES.contains(name);
    }

    static List<String> names() {
        return List.copyOf(NAMES);
    }

    /** Evaluates a built-in call; reports and returns {@link Val.Poison} on misuse. */
    static Val call(String name, List<Val.EArg> args, SourceSpan span, Diagnostics diagnostics) {
        for (Val.EArg a : args) {
            if (a.value() == Val.Poison.INSTANCE) {
                return Val.Poison.INSTANCE;
            }
            if (a.name() != null) {
                diagnostics.error(a.nameSpan(), "`" + name + "` takes no named arguments", null);
                return Val.Poison.INSTANCE;
            }
        }
        switch (name) {
            case "channels":
            case "height":
            case "width":
            case "numel":
                return shapeQuery(name, args, span, diagnostics);
            case "min":
            case "max":
                return minMax(name, args, span, diagnostics);
            default:
                return rounding(name, args, span, diagnostics);
        }
    }

    private static Val shapeQuery(String name, List<Val.EArg> args, SourceSpan span, Diagnostics diagnostics) {
        if (args.size() != 1 || !(args.get(0).value() instanceof Val.Tensor t)) {
            diagnostics.error(span, "`" + name + "` takes one tensor, e.g. " + name + "(x)", null);
            return Val.Poison.INSTANCE;
        }
        int rank = t.value().shape().rank();
        if (name.equals("numel")) {
            return new Val.Int(t.value().shape().elements());
        }
        if (rank != 3) {
            diagnostics.error(args.get(0).valueSpan(), "`" + name + "` needs a feature map [C, H, W], got "
                    + t.value().shape(), name.equals("channels") ? "use numel(x) for a vector's length" : null);
            return Val.Poison.INSTANCE;
        }
        int axis = name.equals("channels") ? 0 : name.equals("height") ? 1 : 2;
        return new Val.Int(t.value().shape().dim(axis));
    }

    private static Val minMax(String name, List<Val.EArg> args, SourceSpan span, Diagnostics diagnostics) {
        if (args.isEmpty()) {
            diagnostics.error(span, "`" + name + "` needs at least one number", null);
            return Val.Poison.INSTANCE;
        }
        Val best = null;
        for (Val.EArg a : args) {
            Double d = Arith.number(a.value());
            if (d == null) {
                diagnostics.error(a.valueSpan(), "`" + name + "` takes numbers, got " + a.value().describe(), null);
                return Val.Poison.INSTANCE;
            }
            if (best == null) {
                best = a.value();
            } else {
                double b = Arith.number(best);
                if (name.equals("min") ? d < b : d > b) {
                    best = a.value();
                }
            }
        }
        return best;
    }

    private static Val rounding(String name, List<Val.EArg> args, SourceSpan span, Diagnostics diagnostics) {
        if (args.size() != 1 || Arith.number(args.get(0).value()) == null) {
            diagnostics.error(span, "`" + name + "` takes one number", null);
            return Val.Poison.INSTANCE;
        }
        Val v = args.get(0).value();
        if (v instanceof Val.Int) {
            return name.equals("abs") ? new Val.Int(Math.abs(((Val.Int) v).v())) : v;
        }
        double d = ((Val.Num) v).v();
        switch (name) {
            case "floor":
                return new Val.Int((long) Math.floor(d));
            case "ceil":
                return new Val.Int((long) Math.ceil(d));
            case "round":
                return new Val.Int(Math.round(d));
            default:
                return new Val.Num(Math.abs(d));
        }
    }
}
