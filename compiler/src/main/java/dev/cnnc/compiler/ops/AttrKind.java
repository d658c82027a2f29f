package dev.cnnc.compiler.ops;

/** The kinds of value an option can take; the binder checks and converts each. */
public enum AttrKind {
    INT("an integer"),
    FLOAT("a number"),
    BOOL("true or false"),
    STRING("a string"),
    /** One word of {@link AttrSpec#choices()}, e.g. {@code pad: same}. */
    ENUM("one of the words"),
    /** {@code 3} or {@code (3, 5)}: height and width. */
    PAIR("an integer or a pair (h, w)"),
    /** {@code valid}, {@code same}, {@code full}, {@code 1} or {@code (1, 2)}. */
    PADDING("`valid`, `same`, `full`, an integer or a pair (h, w)"),
    /** A component of {@link AttrSpec#catalog()}: a word or a call with options. */
    COMPONENT("a component"),
    COMPONENT_LIST("a list of components"),
    /** A number, or a list of numbers (one per channel). */
    FLOATS("a number or a list of numbers"),
    INTS("a list of integers"),
    STRINGS("a list of strings");

    private final String description;

    AttrKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
