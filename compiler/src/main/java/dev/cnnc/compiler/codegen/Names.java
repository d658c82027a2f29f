package dev.cnnc.compiler.codegen;

import java.util.HashSet;
import java.util.Set;

/**
 * Turns user-chosen layer names into OpenCL C identifiers: letters, digits and '_' only,
 * prefixed so they never start with a digit or clash with a keyword, and made unique.
 * Nothing a .cnn file names can reach generated source any other way.
 */
public final class Names {
    private final Set<String> used = new HashSet<>();

    String allocate(String layerName, String suffix) {
        StringBuilder b = new StringBuilder("k_");
        for (int i = 0; i < layerName.length(); i++) {
            char c = layerName.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        b.append("__").append(suffix);
        String base = b.toString();
        String name = base;
        for (int n = 2; !used.add(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }

    /**
     * Text safe in a C (or Java) block comment: printable ASCII only (no line ends, no
     * Unicode escapes: '\\' becomes '/'), with comment delimiters broken up.
     */
    public static String comment(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c == '\\' ? '/' : c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString().replace("*/", "* /").replace("/*", "/ *");
    }
}
