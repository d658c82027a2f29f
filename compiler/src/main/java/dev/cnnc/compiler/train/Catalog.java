package dev.cnnc.compiler.train;

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
