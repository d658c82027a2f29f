package dev.cnnc.train.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named training component (a loss, an optimizer, ...): a summary for {@code cnnc ops}, its
 * options in positional order, and optionally a pair of options where the first must not exceed
 * the second ({@code min ≤ max}).
 *
 * @param name      the component's name in the language ({@code adamw})
 * @param summary   one line: its formula or what it does
 * @param options   its options, in the order positional arguments fill them
 * @param orderedLow  the option that must not exceed {@code orderedHigh}, or null for none
 * @param orderedHigh see {@code orderedLow}
 */
public record ComponentSpec(String name, String summary, List<OptionSpec> options, String orderedLow,
                            String orderedHigh) {
    public ComponentSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        options = List.copyOf(options);
        if ((orderedLow == null) != (orderedHigh == null)) {
            throw new IllegalArgumentException(name + ": an ordered pair needs both options");
        }
    }

    /** Without an ordered pair. */
    public ComponentSpec(String name, String summary, List<OptionSpec> options) {
        this(name, summary, options, null, null);
    }

    /** This component with option {@code low} at most option {@code high}. */
    public ComponentSpec ordered(String low, String high) {
        return new ComponentSpec(name, summary, options, low, high);
    }

    /** The option named {@code option}, or null when it has none by that name. */
    public OptionSpec option(String option) {
        for (OptionSpec o : options) {
            if (o.name().equals(option)) {
                return o;
            }
        }
        return null;
    }

    /** The names of the options, in positional order. */
    public List<String> optionNames() {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : options) {
            out.add(o.name());
        }
        return out;
    }

    /**
     * The catalog's default of numeric option {@code option}.
     *
     * @throws IllegalStateException when there is no such option or it has no numeric default
     */
    public double defaultOf(String option) {
        OptionSpec o = option(option);
        if (o == null) {
            throw new IllegalStateException(name + " has no option " + option);
        }
        return o.number();
    }
}
