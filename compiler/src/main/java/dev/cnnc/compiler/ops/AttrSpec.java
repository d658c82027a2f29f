package dev.cnnc.compiler.ops;

import java.util.List;
import java.util.Objects;

/**
 * One option of an op or training component: its name, kind, default and limits. An
 * option with no default and {@link #required()} must be given; one with no default and
 * not required is simply absent (null) when not given.
 */
public final class AttrSpec {
    private final String name;
    private final AttrKind kind;
    private final Object defaultValue;
    private final boolean required;
    private final List<String> choices;
    private final String catalog;
    private final Double min;
    private final boolean minExclusive;
    private final Double max;
    private final boolean maxExclusive;
    private final String doc;

    private AttrSpec(String name, AttrKind kind, Object defaultValue, boolean required, List<String> choices,
                     String catalog, Double min, boolean minExclusive, Double max, boolean maxExclusive, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.defaultValue = defaultValue;
        this.required = required;
        this.choices = List.copyOf(choices);
        this.catalog = catalog;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.maxExclusive = maxExclusive;
        this.doc = doc;
    }

    private static AttrSpec of(String name, AttrKind kind) {
        return new AttrSpec(name, kind, null, false, List.of(), null, null, false, null, false, "");
    }

    public static AttrSpec integer(String name) {
        return of(name, AttrKind.INT);
    }

    public static AttrSpec number(String name) {
        return of(name, AttrKind.FLOAT);
    }

    public static AttrSpec bool(String name) {
        return of(name, AttrKind.BOOL);
    }

    public static AttrSpec string(String name) {
        return of(name, AttrKind.STRING);
    }

    public static AttrSpec pair(String name) {
        return of(name, AttrKind.PAIR);
    }

    public static AttrSpec padding(String name) {
        return of(name, AttrKind.PADDING);
    }

    public static AttrSpec numbers(String name) {
        return of(name, AttrKind.FLOATS);
    }

    public static AttrSpec integers(String name) {
        return of(name, AttrKind.INTS);
    }

    public static AttrSpec strings(String name) {
        return of(name, AttrKind.STRINGS);
    }

    public static AttrSpec oneOf(String name, String... words) {
        return new AttrSpec(name, AttrKind.ENUM, null, false, List.of(words), null, null, false, null, false, "");
    }

    /** A component of the named catalog ({@code "initializer"}, {@code "loss"}, ...). */
    public static AttrSpec component(String name, String catalog) {
        return new AttrSpec(name, AttrKind.COMPONENT, null, false, List.of(), catalog, null, false, null, false, "");
    }

    public static AttrSpec components(String name, String catalog) {
        return new AttrSpec(name, AttrKind.COMPONENT_LIST, null, false, List.of(), catalog, null, false, null, false,
                "");
    }

    public AttrSpec required() {
        return new AttrSpec(name, kind, null, true, choices, catalog, min, minExclusive, max, maxExclusive, doc);
    }

    /** The default; an {@code Integer} for INT, {@code Double} for FLOAT, {@code int[]} for PAIR, etc. */
    public AttrSpec defaultValue(Object value) {
        return new AttrSpec(name, kind, value, false, choices, catalog, min, minExclusive, max, maxExclusive, doc);
    }

    /** Values (each element, for pairs and lists) must be at least {@code v}. */
    public AttrSpec min(double v) {
        return new AttrSpec(name, kind, defaultValue, required, choices, catalog, v, false, max, maxExclusive, doc);
    }

    /** Values must be greater than {@code v}. */
    public AttrSpec above(double v) {
        return new AttrSpec(name, kind, defaultValue, required, choices, catalog, v, true, max, maxExclusive, doc);
    }

    public AttrSpec max(double v) {
        return new AttrSpec(name, kind, defaultValue, required, choices, catalog, min, minExclusive, v, false, doc);
    }

    /** Values must be less than {@code v}. */
    public AttrSpec below(double v) {
        return new AttrSpec(name, kind, defaultValue, required, choices, catalog, min, minExclusive, v, true, doc);
    }

    public AttrSpec doc(String text) {
        return new AttrSpec(name, kind, defaultValue, required, choices, catalog, min, minExclusive, max,
                maxExclusive, text);
    }

    public String name() {
        return name;
    }

    public AttrKind kind() {
        return kind;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public List<String> choices() {
        return choices;
    }

    public String catalog() {
        return catalog;
    }

    public String doc() {
        return doc;
    }

    /** Null when {@code v} is within limits, else the reason, e.g. "must be at least 1". */
    public String checkRange(double v) {
        if (min != null && (minExclusive ? v <= min : v < min)) {
            return "must be " + (minExclusive ? "greater than " : "at least ") + fmt(min);
        }
        if (max != null && (maxExclusive ? v >= max : v > max)) {
            return "must be " + (maxExclusive ? "less than " : "at most ") + fmt(max);
        }
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return name + ": " + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
