package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Padding;
import dev.cnnc.compiler.ops.AttrKind;
import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.compiler.train.Catalog;
import dev.cnnc.compiler.train.Catalogs;
import dev.cnnc.compiler.train.ComponentDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks arguments against option specs and converts them: the one place where an
 * option's kind, range, default and spelling are enforced, for ops and training
 * components alike.
 */
final class Binder {
    private final Diagnostics diagnostics;
    /** Suggests a defined name for an undefined word, or returns null. */
    private final Function<String, String> nameHint;

    /** Names of training components in other frameworks, mapped to cnnc's. */
    private static final Map<String, String> FOREIGN_COMPONENTS = Map.ofEntries(
            Map.entry("kaiming_normal", "he_normal"), Map.entry("kaiming_uniform", "he_uniform"),
            Map.entry("glorot_normal", "xavier_normal"), Map.entry("glorot_uniform", "xavier_uniform"),
            Map.entry("ce", "cross_entropy"), Map.entry("categorical_crossentropy", "cross_entropy"),
            Map.entry("sparse_categorical_crossentropy", "cross_entropy"), Map.entry("nll", "cross_entropy"),
            Map.entry("steplr", "step"), Map.entry("multisteplr", "multistep"),
            Map.entry("exponentiallr", "exponential"), Map.entry("cosineannealinglr", "cosine"),
            Map.entry("cosine_annealing", "cosine"), Map.entry("horizontal_flip", "hflip"),
            Map.entry("randomhorizontalflip", "hflip"), Map.entry("vertical_flip", "vflip"),
            Map.entry("randomverticalflip", "vflip"), Map.entry("randomcrop", "random_crop"),
            Map.entry("crop", "random_crop"), Map.entry("randomerasing", "random_erasing"),
            Map.entry("rotation", "rotate"), Map.entry("randomrotation", "rotate"));

    /**
     * Option names of PyTorch and Keras, mapped to cnnc's: {@code kernel_size} is {@code kernel},
     * {@code padding} is {@code pad}, {@code learning_rate} is {@code lr}.
     */
    private static final Map<String, String> FOREIGN_OPTIONS = Map.ofEntries(
            Map.entry("kernel_size", "kernel"), Map.entry("pool_size", "kernel"), Map.entry("ksize", "kernel"),
            Map.entry("padding", "pad"), Map.entry("strides", "stride"), Map.entry("dilation_rate", "dilation"),
            Map.entry("out_channels", "filters"), Map.entry("num_filters", "filters"),
            Map.entry("out_features", "units"), Map.entry("use_bias", "bias"), Map.entry("learning_rate", "lr"),
            Map.entry("epsilon", "eps"), Map.entry("rate", "p"), Map.entry("dim", "axis"),
            Map.entry("negative_slope", "alpha"), Map.entry("t_0", "t_max"), Map.entry("smoothing", "label_smoothing"),
            Map.entry("decay", "weight_decay"), Map.entry("l2", "weight_decay"), Map.entry("depthwise_multiplier",
                    "depth_multiplier"), Map.entry("output_shape", "output_size"), Map.entry("output", "output_size"));

    /**
     * The hint for an unknown option {@code name} among {@code options}: a near spelling
     * ("did you mean `stride`?"), else cnnc's name for a PyTorch or Keras one; null when neither.
     */
    static String unknownOptionHint(String name, List<String> options) {
        String hint = Suggest.didYouMean(name, options);
        if (hint != null) {
            return hint;
        }
        String ours = ourOption(name, options);
        return ours == null ? null : "cnnc calls this option `" + ours + "` (`" + name + "` is PyTorch's or Keras's "
                + "name); write `" + ours + ": ...`";
    }

    /** cnnc's option among {@code options} that the foreign name {@code name} stands for, or null. */
    static String ourOption(String name, List<String> options) {
        String ours = FOREIGN_OPTIONS.get(name.toLowerCase(java.util.Locale.ROOT));
        return ours != null && options.contains(ours) ? ours : null;
    }

    Binder(Diagnostics diagnostics, Function<String, String> nameHint) {
        this.diagnostics = diagnostics;
        this.nameHint = nameHint;
    }

    /** The result of binding: the attributes, and where each given one was written. */
    record Bound(Attrs attrs, Map<String, SourceSpan> spans) {
    }

    /**
     * Binds {@code args} to {@code specs}; {@code owner} names the op or component in messages
     * ({@code `conv`}). Returns null after reporting when anything is wrong.
     */
    Bound bind(List<AttrSpec> specs, List<Val.EArg> args, String owner, SourceSpan callSpan) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SourceSpan> spans = new HashMap<>();
        boolean ok = true;
        int position = 0;
        Map<String, Integer> positionOf = new HashMap<>();
        // options an unknown foreign name stood for: reported once, as that name, not again as missing
        java.util.Set<String> meant = new java.util.HashSet<>();
        for (Val.EArg arg : args) {
            AttrSpec spec;
            if (arg.name() == null) {
                if (position >= specs.size()) {
                    diagnostics.error(arg.span(), "too many arguments: " + owner + " takes "
                            + (specs.isEmpty() ? "no options" : "at most " + specs.size() + " option"
                            + (specs.size() == 1 ? "" : "s")), signature(owner, specs));
                    ok = false;
                    continue;
                }
                spec = specs.get(position++);
                positionOf.put(spec.name(), position);
            } else {
                spec = find(specs, arg.name());
                if (spec == null) {
                    List<String> names = specs.stream().map(AttrSpec::name).toList();
                    String hint = unknownOptionHint(arg.name(), names);
                    String ours = ourOption(arg.name(), names);
                    if (ours != null) {
                        meant.add(ours);
                    } else if (hint != null) {
                        String near = Suggest.closest(arg.name(), names);
                        if (near != null) {
                            meant.add(near);
                        }
                    }
                    diagnostics.error(arg.nameSpan(), "unknown option `" + arg.name() + "` of " + owner,
                            hint != null ? hint : signature(owner, specs));
                    ok = false;
                    continue;
                }
            }
            if (spans.containsKey(spec.name())) {
                Integer at = positionOf.get(spec.name());
                diagnostics.error(arg.span(), "option `" + spec.name() + "` of " + owner + " is given twice",
                        at != null && arg.name() != null ? "positional argument " + at + " already sets `"
                                + spec.name() + "`; give it once" : null);
                ok = false;
                continue;
            }
            spans.put(spec.name(), arg.span());
            if (arg.value() == Val.Poison.INSTANCE) {
                ok = false;
                continue;
            }
            Object v = convert(spec, arg.value(), arg.valueSpan(), owner);
            if (v == null) {
                ok = false;
            } else {
                values.put(spec.name(), v);
            }
        }
        for (AttrSpec spec : specs) {
            if (!spans.containsKey(spec.name())) {
                if (spec.isRequired()) {
                    if (!meant.contains(spec.name())) {
                        diagnostics.error(callSpan, owner + " needs option `" + spec.name() + "`",
                                signature(owner, specs));
                    }
                    ok = false;
                } else {
                    values.put(spec.name(), spec.defaultValue());
                }
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (AttrSpec spec : specs) {
            ordered.put(spec.name(), values.get(spec.name())); // declaration order, whatever the call's order
        }
        return ok ? new Bound(new Attrs(ordered), spans) : null;
    }

    private static AttrSpec find(List<AttrSpec> specs, String name) {
        for (AttrSpec s : specs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** "usage: conv(filters, kernel, stride = 1x1, ...)". */
    static String signature(String owner, List<AttrSpec> specs) {
        StringBuilder b = new StringBuilder("usage: ").append(owner.replace("`", "")).append('(');
        for (int i = 0; i < specs.size(); i++) {
            AttrSpec s = specs.get(i);
            b.append(i > 0 ? ", " : "").append(s.name());
            if (!s.isRequired()) {
                b.append(" = ").append(s.defaultValue() == null ? "none" : Attrs.text(s.defaultValue()));
            }
        }
        return b.append(')').toString();
    }

    private Object fail(SourceSpan span, AttrSpec spec, String owner, Val got, String expected) {
        String what = "option `" + spec.name() + "` of " + owner + " expects " + expected;
        if (got instanceof Val.Word w) {
            String hint = nameHint.apply(w.name());
            if (spec.kind() == AttrKind.ENUM || spec.kind() == AttrKind.PADDING) {
                String word = Suggest.didYouMean(w.name(), words(spec));
                if (word != null || hint == null) {
                    diagnostics.error(span, what + ", got `" + w.name() + "`", word);
                    return null;
                }
            }
            if (spec.kind() == AttrKind.BOOL && hint == null) {
                diagnostics.error(span, what + ", got `" + w.name() + "`", boolHint(w.name()));
                return null;
            }
            diagnostics.error(span, "`" + w.name() + "` is not defined (" + what + ")", hint);
            return null;
        }
        String hint = null;
        if (got instanceof Val.Tensor && (spec.kind() == AttrKind.INT || spec.kind() == AttrKind.PAIR)) {
            hint = "options are numbers; a tensor's size is channels(x), height(x), width(x) or numel(x)";
        } else if (got instanceof Val.Num && (spec.kind() == AttrKind.INT || spec.kind() == AttrKind.PAIR
                || spec.kind() == AttrKind.INTS) && spanText(span).contains("/")) {
            hint = "`/` gives a fraction unless the division is exact; round it with floor(...), ceil(...) or "
                    + "round(...)";
        }
        diagnostics.error(span, what + ", got " + got.describe(), hint);
        return null;
    }

    private static String boolHint(String word) {
        switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "no":
            case "off":
            case "false":
            case "none":
                return "did you mean `false`?";
            case "yes":
            case "on":
            case "true":
                return "did you mean `true`?";
            default:
                return null;
        }
    }

    /** The source text a span covers (on its line). */
    private static String spanText(SourceSpan span) {
        String line = span.file().line(span.line());
        int from = Math.min(line.length(), span.column() - 1);
        return line.substring(from, Math.min(line.length(), from + span.length()));
    }

    private static List<String> words(AttrSpec spec) {
        return spec.kind() == AttrKind.PADDING ? List.of("valid", "same", "full") : spec.choices();
    }

    private Object range(SourceSpan span, AttrSpec spec, String owner, double v) {
        String problem = spec.checkRange(v);
        if (problem != null) {
            diagnostics.error(span, "option `" + spec.name() + "` of " + owner + " " + problem + ", got "
                    + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v)), null);
            return null;
        }
        return Boolean.TRUE;
    }

    private Object convert(AttrSpec spec, Val v, SourceSpan span, String owner) {
        switch (spec.kind()) {
            case INT: {
                if (!(v instanceof Val.Int i)) {
                    return fail(span, spec, owner, v, "an integer");
                }
                if (i.v() > Integer.MAX_VALUE || i.v() < Integer.MIN_VALUE) {
                    diagnostics.error(span, "option `" + spec.name() + "` of " + owner + " is out of range: " + i.v(),
                            null);
                    return null;
                }
                return range(span, spec, owner, i.v()) == null ? null : (Object) (int) i.v();
            }
            case FLOAT: {
                Double d = number(v);
                if (d == null) {
                    return fail(span, spec, owner, v, "a number");
                }
                return range(span, spec, owner, d) == null ? null : d;
            }
            case BOOL:
                if (!(v instanceof Val.Bool b)) {
                    return fail(span, spec, owner, v, "true or false");
                }
                return b.v();
            case STRING:
                if (!(v instanceof Val.Str s)) {
                    return fail(span, spec, owner, v, "a string in double quotes");
                }
                return s.v();
            case ENUM: {
                String word = v instanceof Val.Word w ? w.name() : v instanceof Val.Str s ? s.v() : null;
                if (word == null) {
                    return fail(span, spec, owner, v, "one of " + String.join(", ", spec.choices()));
                }
                if (!spec.choices().contains(word)) {
                    diagnostics.error(span, "`" + word + "` is not a value of option `" + spec.name() + "` of " + owner
                            + " (one of: " + String.join(", ", spec.choices()) + ")",
                            Suggest.didYouMean(word, spec.choices()));
                    return null;
                }
                return word;
            }
            case PAIR: {
                int[] pair = pair(v);
                if (pair == null) {
                    return fail(span, spec, owner, v, "an integer or a pair (h, w)");
                }
                for (int p : pair) {
                    if (range(span, spec, owner, p) == null) {
                        return null;
                    }
                }
                return pair;
            }
            case PADDING: {
                if (v instanceof Val.Word w) {
                    switch (w.name()) {
                        case "valid":
                            return Padding.VALID;
                        case "same":
                            return new Padding(Padding.Mode.SAME, 0, 0);
                        case "full":
                            return new Padding(Padding.Mode.FULL, 0, 0);
                        default:
                            return fail(span, spec, owner, v, "`valid`, `same`, `full` or an amount");
                    }
                }
                int[] pair = pair(v);
                if (pair == null) {
                    return fail(span, spec, owner, v, AttrKind.PADDING.description());
                }
                if (pair[0] < 0 || pair[1] < 0) {
                    diagnostics.error(span, "option `" + spec.name() + "` of " + owner + " must not be negative, got "
                            + (pair[0] == pair[1] ? Integer.toString(pair[0]) : "(" + pair[0] + ", " + pair[1] + ")"),
                            null);
                    return null;
                }
                return Padding.explicit(pair[0], pair[1]);
            }
            case COMPONENT:
                return component(Catalogs.byName(spec.catalog()), v, span, spec, owner);
            case COMPONENT_LIST: {
                List<Val> items = v instanceof Val.Seq s ? s.items() : List.of(v);
                List<Component> out = new ArrayList<>();
                for (Val item : items) {
                    Component c = component(Catalogs.byName(spec.catalog()), item, span, spec, owner);
                    if (c == null) {
                        return null;
                    }
                    out.add(c);
                }
                return List.copyOf(out);
            }
            case FLOATS: {
                List<Val> items = v instanceof Val.Seq s ? s.items() : List.of(v);
                double[] out = new double[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Double d = number(items.get(i));
                    if (d == null) {
                        return fail(span, spec, owner, items.get(i), "a number or a list of numbers");
                    }
                    if (range(span, spec, owner, d) == null) {
                        return null;
                    }
                    out[i] = d;
                }
                if (out.length == 0) {
                    return fail(span, spec, owner, v, "at least one number");
                }
                return out;
            }
            case INTS: {
                List<Val> items = v instanceof Val.Seq s ? s.items() : List.of(v);
                int[] out = new int[items.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!(items.get(i) instanceof Val.Int n) || Math.abs(n.v()) > Integer.MAX_VALUE) {
                        return fail(span, spec, owner, items.get(i), "a list of integers");
                    }
                    if (range(span, spec, owner, n.v()) == null) {
                        return null;
                    }
                    out[i] = (int) n.v();
                }
                return out;
            }
            case STRINGS: {
                List<Val> items = v instanceof Val.Seq s ? s.items() : List.of(v);
                List<String> out = new ArrayList<>();
                for (Val item : items) {
                    if (!(item instanceof Val.Str s)) {
                        return fail(span, spec, owner, item, "a list of strings");
                    }
                    out.add(s.v());
                }
                return List.copyOf(out);
            }
            default:
                throw new IllegalStateException("unhandled option kind " + spec.kind());
        }
    }

    private Component component(Catalog catalog, Val v, SourceSpan span, AttrSpec spec, String owner) {
        String name;
        SourceSpan nameSpan;
        List<Val.EArg> args;
        if (v instanceof Val.Word w) {
            name = w.name();
            nameSpan = w.span();
            args = List.of();
        } else if (v instanceof Val.CallV c) {
            name = c.callee();
            nameSpan = c.calleeSpan();
            args = c.args();
        } else if (v instanceof Val.Str s) {
            name = s.v();
            nameSpan = span;
            args = List.of();
        } else {
            diagnostics.error(span, "option `" + spec.name() + "` of " + owner + " expects " + article(catalog.what())
                    + " such as `" + catalog.names().get(0) + "`, got " + v.describe(), null);
            return null;
        }
        ComponentDef def = catalog.lookup(name);
        if (def == null) {
            String hint = Suggest.didYouMean(name, catalog.names());
            String ours = FOREIGN_COMPONENTS.get(name.toLowerCase(java.util.Locale.ROOT));
            if (hint == null && ours != null && catalog.lookup(ours) != null) {
                hint = "cnnc calls this " + catalog.what() + " `" + ours + "`";
            }
            diagnostics.error(nameSpan, "unknown " + catalog.what() + " `" + name + "`",
                    hint != null ? hint : "known: " + String.join(", ", catalog.names()));
            return null;
        }
        Bound bound = bind(def.attrs(), args, "`" + name + "`", nameSpan);
        if (bound == null) {
            return null;
        }
        String problem = def.check().apply(bound.attrs());
        if (problem != null) {
            diagnostics.error(nameSpan, catalog.what() + " `" + name + "`: " + problem, null);
            return null;
        }
        return new Component(name, bound.attrs());
    }

    private static String article(String word) {
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static Double number(Val v) {
        if (v instanceof Val.Int i) {
            return (double) i.v();
        }
        if (v instanceof Val.Num n) {
            return n.v();
        }
        return null;
    }

    private static int[] pair(Val v) {
        if (v instanceof Val.Int i && Math.abs(i.v()) <= Integer.MAX_VALUE) {
            return new int[] {(int) i.v(), (int) i.v()};
        }
        if (v instanceof Val.Seq s && s.items().size() == 2 && s.items().get(0) instanceof Val.Int a
                && s.items().get(1) instanceof Val.Int b && Math.abs(a.v()) <= Integer.MAX_VALUE
                && Math.abs(b.v()) <= Integer.MAX_VALUE) {
            return new int[] {(int) a.v(), (int) b.v()};
        }
        return null;
    }
}
