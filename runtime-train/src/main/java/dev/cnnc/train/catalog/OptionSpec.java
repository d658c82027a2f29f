package dev.cnnc.train.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One option of a training component: its name, type, default and limits, as data. The
 * compiler turns it into the language's option spec (its {@code Binder} checks a {@code .cnn}
 * file against it); the runtime reads the same default when an option is not given. An option
 * with no default is either {@link #required} or simply absent when not given.
 *
 * @param name         the option's name in the language ({@code label_smoothing})
 * @param type         the kind of value it takes
 * @param defaultValue an {@code Integer}, {@code Double}, {@code Boolean} or {@code String} of
 *                     {@code type}, or null for none
 * @param isRequired   whether it must be given (then it has no default)
 * @param min          the lower limit, or null for none
 * @param minExclusive whether {@code min} itself is excluded
 * @param max          the upper limit, or null for none
 * @param maxExclusive whether {@code max} itself is excluded
 * @param doc          a note for {@code cnnc ops} (empty for none)
 * @param choices      the words a {@link Type#WORD} option takes (empty for other types)
 */
public record OptionSpec(String name, Type type, Object defaultValue, boolean isRequired, Double min,
                         boolean minExclusive, Double max, boolean maxExclusive, String doc, List<String> choices) {
    /** The kinds of value a training component's option takes; WORD is one of {@link #choices}, written bare. */
    public enum Type { INT, NUMBER, BOOL, STRING, INTS, WORD }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        choices = List.copyOf(choices);
        if (isRequired && defaultValue != null) {
            throw new IllegalArgumentException("option " + name + " is required and has a default");
        }
    }

    private static OptionSpec of(String name, Type type) {
        return new OptionSpec(name, type, null, false, null, false, null, false, "", List.of());
    }

    /** An option that takes one of {@code words} ({@code mode: max}). */
    public static OptionSpec oneOf(String name, String... words) {
        return new OptionSpec(name, Type.WORD, null, false, null, false, null, false, "", List.of(words));
    }

    public static OptionSpec integer(String name) {
        return of(name, Type.INT);
    }

    public static OptionSpec number(String name) {
        return of(name, Type.NUMBER);
    }

    public static OptionSpec bool(String name) {
        return of(name, Type.BOOL);
    }

    public static OptionSpec string(String name) {
        return of(name, Type.STRING);
    }

    public static OptionSpec integers(String name) {
        return of(name, Type.INTS);
    }

    /** This option with default {@code value} ({@code Double} for numbers, {@code Integer} for integers). */
    public OptionSpec defaultValue(Object value) {
        return new OptionSpec(name, type, value, false, min, minExclusive, max, maxExclusive, doc, choices);
    }

    /** This option, which must be given. */
    public OptionSpec required() {
        return new OptionSpec(name, type, null, true, min, minExclusive, max, maxExclusive, doc, choices);
    }

    /** Values (each element, for lists) must be at least {@code v}. */
    public OptionSpec min(double v) {
        return new OptionSpec(name, type, defaultValue, isRequired, v, false, max, maxExclusive, doc, choices);
    }

    /** Values must be greater than {@code v}. */
    public OptionSpec above(double v) {
        return new OptionSpec(name, type, defaultValue, isRequired, v, true, max, maxExclusive, doc, choices);
    }

    /** Values must be at most {@code v}. */
    public OptionSpec max(double v) {
        return new OptionSpec(name, type, defaultValue, isRequired, min, minExclusive, v, false, doc, choices);
    }

    /** Values must be less than {@code v}. */
    public OptionSpec below(double v) {
        return new OptionSpec(name, type, defaultValue, isRequired, min, minExclusive, v, true, doc, choices);
    }

    public OptionSpec doc(String text) {
        return new OptionSpec(name, type, defaultValue, isRequired, min, minExclusive, max, maxExclusive, text,
                choices);
    }

    /**
     * The default as a number.
     *
     * @throws IllegalStateException when the option has no numeric default
     */
    public double number() {
        if (!(defaultValue instanceof Number n)) {
            throw new IllegalStateException("option " + name + " has no numeric default");
        }
        return n.doubleValue();
    }
}
