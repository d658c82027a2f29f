package dev.cnnc.train.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The components of one kind, e.g. every optimizer, in catalog order; {@link #what} names the kind. */
public final class ComponentCatalog {
    private final String what;
    private final Map<String, ComponentSpec> specs = new LinkedHashMap<>();

    ComponentCatalog(String what, List<ComponentSpec> list) {
        this.what = what;
        for (ComponentSpec s : list) {
            if (specs.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two " + what + "s named " + s.name());
            }
        }
    }

    /** The kind, singular: {@code loss}, {@code optimizer}, ... */
    public String what() {
        return what;
    }

    /** The component named {@code name}, or null. */
    public ComponentSpec get(String name) {
        return specs.get(name);
    }

    /**
     * The component named {@code name}.
     *
     * @throws IllegalArgumentException naming the kind and the known names when there is none
     */
    public ComponentSpec require(String name) {
        ComponentSpec s = specs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown " + what + " " + name + " (known: " + String.join(", ", names())
                    + ")");
        }
        return s;
    }

    /** The names, in catalog order. */
    public List<String> names() {
        return List.copyOf(specs.keySet());
    }

    public List<ComponentSpec> all() {
        return List.copyOf(specs.values());
    }
}
