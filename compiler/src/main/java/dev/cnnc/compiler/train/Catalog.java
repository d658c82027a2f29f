package dev.cnnc.compiler.train;

import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.train.catalog.ComponentCatalog;
import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.OptionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The components of one kind, e.g. every optimizer; "what" names the kind in messages. */
public final class Catalog {
    private final String what;
    private final Map<String, ComponentDef> defs = new LinkedHashMap<>();

    Catalog(String what, List<ComponentDef> list) {
        this.what = what;
        for (ComponentDef d : list) {
            defs.put(d.name(), d);
        }
    }

    /** The runtime's catalog {@code c} as option specs: the same names, options, defaults and limits. */
    static Catalog of(ComponentCatalog c) {
        List<ComponentDef> defs = new ArrayList<>();
        for (ComponentSpec s : c.all()) {
            List<AttrSpec> attrs = new ArrayList<>();
            for (OptionSpec o : s.options()) {
                attrs.add(attr(o));
            }
            defs.add(new ComponentDef(s.name(), s.summary(), attrs,
                    s.orderedLow() == null ? null : ComponentDef.ordered(s.orderedLow(), s.orderedHigh())));
        }
        return new Catalog(c.what(), defs);
    }

    private static AttrSpec attr(OptionSpec o) {
        AttrSpec a;
        switch (o.type()) {
            case INT:
                a = AttrSpec.integer(o.name());
                break;
            case NUMBER:
                a = AttrSpec.number(o.name());
                break;
            case BOOL:
                a = AttrSpec.bool(o.name());
                break;
            case STRING:
                a = AttrSpec.string(o.name());
                break;
            case INTS:
                a = AttrSpec.integers(o.name());
                break;
            case WORD:
                a = AttrSpec.oneOf(o.name(), o.choices().toArray(String[]::new));
                break;
            default:
                throw new IllegalStateException("unhandled option type " + o.type());
        }
        if (o.isRequired()) {
            a = a.required();
        } else if (o.defaultValue() != null) {
            a = a.defaultValue(o.defaultValue());
        }
        if (o.min() != null) {
            a = o.minExclusive() ? a.above(o.min()) : a.min(o.min());
        }
        if (o.max() != null) {
            a = o.maxExclusive() ? a.below(o.max()) : a.max(o.max());
        }
        return o.doc().isEmpty() ? a : a.doc(o.doc());
    }

    public String what() {
        return what;
    }

    public ComponentDef lookup(String name) {
        return defs.get(name);
    }

    public List<String> names() {
        return List.copyOf(defs.keySet());
    }

    public List<ComponentDef> all() {
        return List.copyOf(defs.values());
    }
}
