package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.Definition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The blocks and models visible in one file: its own and those of the files it imports. */
final class Namespace {
    /** A definition and the namespace of the file that defines it (where its body's names resolve). */
    record Ref(Definition def, Namespace home) {
    }

    private final Map<String, Ref> defs = new LinkedHashMap<>();

    Ref lookup(String name) {
        return defs.get(name);
    }

    Ref put(String name, Ref ref) {
        return defs.putIfAbsent(name, ref);
    }

    List<String> names() {
        return List.copyOf(defs.keySet());
    }
}
