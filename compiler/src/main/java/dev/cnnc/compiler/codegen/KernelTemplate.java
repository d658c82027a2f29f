package dev.cnnc.compiler.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written OpenCL C file (a resource under {@code dev/cnnc/compiler/kernels/}) with
 * {@code ${NAME}} placeholders, specialised by substituting constants. Substitution is strict:
 * every placeholder must get a value and every value must be used, so a typo in a template or
 * an op cannot pass silently. {@code ${KERNEL}} is the prefix that makes kernel names unique.
 */
public final class KernelTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final Map<String, KernelTemplate> CACHE = new ConcurrentHashMap<>();

    private final String name;
    private final String text;
    private final Set<String> placeholders;

    private KernelTemplate(String name, String text) {
        this.name = name;
        this.text = text;
        Set<String> p = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            p.add(m.group(1));
        }
        this.placeholders = Set.copyOf(p);
    }

    /** The template {@code kernels/<name>.cl} from the class path. */
    public static KernelTemplate load(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            String resource = "/dev/cnnc/compiler/kernels/" + n + ".cl";
            try (InputStream in = KernelTemplate.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new CodegenException("no kernel template " + resource);
                }
                return new KernelTemplate(n, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A template from text (tests). */
    public static KernelTemplate of(String name, String text) {
        return new KernelTemplate(name, text);
    }

    public String name() {
        return name;
    }

    /** The text with every placeholder replaced; values are inserted as given. */
    public String render(Map<String, String> values) {
        Set<String> unused = new HashSet<>(values.keySet());
        unused.removeAll(placeholders);
        if (!unused.isEmpty()) {
            throw new CodegenException("template " + name + " has no placeholder for " + unused);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new CodegenException("template " + name + " needs a value for ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Builder of placeholder values that formats numbers for OpenCL C. */
    public static final class Values {
        private final Map<String, String> map = new LinkedHashMap<>();
        private final Precision precision;

        public Values(Precision precision) {
            this.precision = precision;
        }

        /** An integer constant. */
        public Values i(String key, long v) {
            map.put(key, Long.toString(v));
            return this;
        }

        /** A real constant in the kernel's precision. */
        public Values r(String key, double v) {
            map.put(key, precision.literal(v));
            return this;
        }

        /** Verbatim text (a type, an expression). */
        public Values s(String key, String v) {
            map.put(key, v);
            return this;
        }

        public Map<String, String> map() {
            return map;
        }
    }
}
