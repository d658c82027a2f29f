package dev.cnnc.compiler.artifact;

import dev.cnnc.compiler.codegen.Names;
import java.util.List;
import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * Java names and comment text made from what a {@code .cnn} file chose. Everything a file names
 * reaches generated Java either as an escaped string literal or through these functions.
 */
public final class JavaNames {
    private JavaNames() {
    }

    /**
     * Names Java allows for a variable but not for a class ({@code var}, {@code yield},
     * {@code record}, {@code sealed}, {@code permits}: restricted identifiers).
     */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("var", "yield", "record", "sealed",
            "permits");

    /**
     * A class name for a model: its name when that is a valid Java identifier and not a keyword,
     * else letters, digits and '_' only, never starting with a digit, with '_' appended to a
     * keyword ({@code class} → {@code class_}), to a restricted identifier ({@code var} →
     * {@code var_}) and to the name of a field of the generated class ({@code BATCH} →
     * {@code BATCH_}).
     */
    public static String className(String modelName) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < modelName.length(); i++) {
            char c = modelName.charAt(i);
            b.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
            b.insert(0, "Model_");
        }
        String name = b.toString();
        while (!SourceVersion.isName(name) || name.equals("_") || RESTRICTED.contains(name)
                || HostCode.FIELD_NAMES.contains(name)) {
            name = name + "_";
        }
        return name;
    }

    /**
     * {@code name} when it is a valid package name (dot-separated identifiers, no keywords) that a
     * jar may add classes to; otherwise an {@link IllegalArgumentException} saying why. Refused:
     * {@code java} and its subpackages (the JVM loads no other classes there) and {@code dev.cnnc}
     * and its subpackages (the runtime the jar carries, whose classes a generated one could
     * replace).
     */
    public static String packageName(String name) {
        if (!SourceVersion.isName(name)) {
            throw new IllegalArgumentException("`" + name + "` is not a Java package name (dot-separated "
                    + "identifiers, none of them a keyword)");
        }
        for (String reserved : List.of("java", "dev.cnnc")) {
            if (name.equals(reserved) || name.startsWith(reserved + ".")) {
                throw new IllegalArgumentException("package `" + name + "` is " + (reserved.equals("java")
                        ? "Java's own: the JVM loads no other classes in `java` and its subpackages"
                        : "cnnc's runtime, which the jar carries: choose another (default: cnnc.generated)"));
            }
        }
        return name;
    }

    /** {@code words_with_underscores} → {@code WordsWithUnderscores}, letters and digits only. */
    static String camel(String words) {
        StringBuilder b = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < words.length(); i++) {
            char c = words.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        return b.toString();
    }

    /** {@code name}, or it with a number appended, not yet in {@code used}; adds it there. */
    static String unique(String name, List<String> used) {
        String n = name;
        for (int i = 2; used.contains(n); i++) {
            n = name + i;
        }
        used.add(n);
        return n;
    }

    /** Text safe in a Java comment: {@link Names#comment}, the one definition for C and Java. */
    public static String comment(String text) {
        return Names.comment(text);
    }

    /** A file name stem: lower case letters, digits, '_' and '-'. */
    static String fileStem(String className) {
        return className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    }
}
