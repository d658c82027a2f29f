package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernels of one program while it is lowered, and the source made of them.
 *
 * <p>Each distinct kernel text is one block, added once however many nodes launch it and named
 * for its family (the template) and a hash of its text ({@link #add}). When the program is
 * done, {@link #source} drops every {@code __kernel} function that no phase launches (and a block
 * left without kernels), and groups the blocks into units, one per family and first phase (cut
 * into parts of at most {@link #MAX_UNIT_KERNELS} kernels), each built separately
 * (see {@link Program#units}). Names and unit texts depend only on the kernels' texts, never on
 * the model's layer names, so a unit that another model or another batch size needs too has the
 * same source there, and a binary cache keyed by source serves both.
 */
final class KernelSource {
    /**
     * Kernels a unit holds at most (unless one block has more): a family with more is cut into
     * parts, so that a build's units, compiled on several cores at once, take similar times.
     */
    static final int MAX_UNIT_KERNELS = 6;

    /** What a template's {@code ${KERNEL}} is rendered as before the instance's name is known. */
    static final String NAME_TOKEN = "__cnnc_kernel_name__";

    /** One block of source: its family (the unit it goes to), a title for its comment, its text. */
    private record Block(String family, String title, String text) {
    }

    private final List<Block> blocks = new ArrayList<>();
    /** Prefix → the text it names, to catch two texts whose hashes start alike. */
    private final Map<String, String> named = new HashMap<>();
    private final Set<String> fixed = new HashSet<>();

    /**
     * Adds {@code text}, whose kernel names start with {@link #NAME_TOKEN}, under the name
     * {@code family_<hash>} and returns that name; the same text (same family) is added once.
     */
    String add(String family, String title, String text) {
        String hash = sha256(family + "\n" + text);
        for (int digits = 8; ; digits += 4) {
            String prefix = family + "_" + hash.substring(0, digits);
            String before = named.putIfAbsent(prefix, text);
            if (before == null) {
                blocks.add(new Block(family, title, text.replace(NAME_TOKEN, prefix)));
                return prefix;
            }
            if (before.equals(text)) {
                return prefix;
            }
        }
    }

    /** Adds {@code text} (kernel names already final) once, however often it is asked for. */
    void addFixed(String family, String title, String text) {
        if (fixed.add(family + "\n" + text)) {
            blocks.add(new Block(family, title, text));
        }
    }

    /** The number of blocks added so far. */
    int size() {
        return blocks.size();
    }

    /**
     * The program's source: {@code header} (a comment), the prelude, then the units, without the
     * kernels that no launch of {@code phases} names. A unit holds the blocks of one family whose
     * kernels are first launched by the same phase, so that a phase that runs later (a training
     * program's evaluation) can be built when it first runs, after the step has begun.
     */
    String source(String header, String prelude, Map<String, List<Program.Launch>> phases) {
        Map<String, Integer> firstPhase = new HashMap<>();
        List<String> phaseNames = new ArrayList<>(phases.keySet());
        for (int p = 0; p < phaseNames.size(); p++) {
            for (Program.Launch l : phases.get(phaseNames.get(p))) {
                firstPhase.putIfAbsent(l.kernel(), p);
            }
        }
        // First pass: what each block keeps, and the earliest phase of each family's kept kernels.
        List<String> kept = new ArrayList<>();
        List<Integer> phaseOf = new ArrayList<>();
        Map<String, Integer> familyPhase = new HashMap<>();
        for (Block b : blocks) {
            String k = keepLaunched(b.text(), firstPhase.keySet());
            kept.add(k);
            int phase = k == null ? -1 : kernelNames(k).stream()
                    .mapToInt(n -> firstPhase.getOrDefault(n, Integer.MAX_VALUE)).min().orElse(-1);
            phaseOf.add(phase);
            if (phase >= 0) {
                familyPhase.merge(b.family(), phase, Math::min);
            }
        }
        // Second pass: each block's family and phase ("conv for forward"), and the kernels of each
        String[] familyOf = new String[blocks.size()];
        Map<String, Integer> familyKernels = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (kept.get(i) == null) {
                continue;
            }
            // helpers alone (an optimizer's update rule) go with the earliest of their family's kernels
            int phase = phaseOf.get(i) >= 0 ? phaseOf.get(i) : familyPhase.getOrDefault(b.family(), -1);
            if (phase < 0) {
                continue; // helpers that no kernel of this program calls
            }
            familyOf[i] = b.family() + " for " + phaseNames.get(phase);
            familyKernels.merge(familyOf[i], kernelNames(kept.get(i)).size(), Integer::sum);
        }
        Map<String, StringBuilder> units = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> parts = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String family = familyOf[i];
            if (family == null) {
                continue;
            }
            int k = kernelNames(kept.get(i)).size();
            // a large family is cut into equal parts of at most MAX_UNIT_KERNELS, so that the units
            // of a build balance across the cores
            int total = familyKernels.get(family);
            int cap = (total + ceilDiv(total, MAX_UNIT_KERNELS) - 1) / ceilDiv(total, MAX_UNIT_KERNELS);
            int part = parts.getOrDefault(family, 1);
            String unit = part == 1 ? family : family + " (part " + part + ")";
            if (counts.getOrDefault(unit, 0) > 0 && counts.get(unit) + k > cap) {
                part++;
                parts.put(family, part);
                unit = family + " (part " + part + ")";
            }
            units.computeIfAbsent(unit, f -> new StringBuilder())
                    .append("\n/* ").append(Names.comment(b.title())).append(" */\n").append(kept.get(i));
            counts.merge(unit, k, Integer::sum);
        }
        int kernels = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder out = new StringBuilder(header.stripTrailing());
        out.append("\n/* ").append(kernels).append(" kernels in ").append(units.size())
                .append(" units; each unit is built on its own, after the prelude */\n");
        out.append(Program.PRELUDE_MARKER).append('\n').append(prelude);
        int i = 0;
        for (Map.Entry<String, StringBuilder> u : units.entrySet()) {
            i++;
            out.append('\n').append(Program.UNIT_MARKER).append(u.getKey()).append(": ")
                    .append(counts.get(u.getKey())).append(counts.get(u.getKey()) == 1 ? " kernel" : " kernels")
                    .append(" ==== */\n").append(u.getValue());
        }
        return out.toString();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static final Pattern KERNEL = Pattern.compile("\\b(?:__kernel|kernel)\\b[^{;]*?\\bvoid\\s+(\\w+)\\s*\\(");

    /** The names of the {@code __kernel} functions defined in {@code text}. */
    static List<String> kernelNames(String text) {
        List<String> names = new ArrayList<>();
        for (String item : items(text)) {
            String name = kernelName(item);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * {@code text} without the {@code __kernel} functions (and the comments just before them) whose
     * names are not in {@code launched}; null when it had kernels and none is left (its helpers
     * then serve nothing). A block of helpers alone (an optimizer's update rule, which generated
     * kernels of its unit call) is kept whole.
     */
    static String keepLaunched(String text, Set<String> launched) {
        StringBuilder out = new StringBuilder();
        boolean had = false;
        boolean kept = false;
        for (String item : items(text)) {
            String name = kernelName(item);
            had |= name != null;
            if (name == null || launched.contains(name)) {
                out.append(item);
                kept |= name != null;
            }
        }
        return had && !kept ? null : out.toString();
    }

    /** The kernel an item defines, or null when it is not a kernel function. */
    private static String kernelName(String item) {
        String code = stripComments(item);
        Matcher m = KERNEL.matcher(code);
        return m.find() && m.start() == firstCode(code) ? m.group(1) : null;
    }

    private static int firstCode(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code s} with every comment replaced by a space. */
    private static String stripComments(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
                b.append(' ');
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end - 1;
                b.append(' ');
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    /**
     * {@code text} cut into top-level items, each with the comments and blank lines before it: a
     * function (up to its closing brace), a declaration (up to its {@code ;}), or a preprocessor
     * line. Concatenated, the items are {@code text} again.
     */
    static List<String> items(String text) {
        List<String> items = new ArrayList<>();
        int start = 0;
        int depth = 0;
        boolean code = false; // the current item has code, not only comments and spaces
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                continue;
            }
            if (text.startsWith("//", i) || (c == '#' && depth == 0 && lineStart(text, i))) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
                if (c == '#') {
                    items.add(text.substring(start, i));
                    start = i;
                    code = false;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += text.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(text.length(), j + 1);
                code = true;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                code = true;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    int j = i + 1;
                    while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                        j++;
                    }
                    if (j < text.length() && text.charAt(j) == ';') {
                        i = j; // a braced initialiser: the declaration ends at its ';', read next
                        continue;
                    } else {
                        i = endOfLine(text, i + 1);
                        items.add(text.substring(start, i));
                        start = i;
                        code = false;
                        continue;
                    }
                }
            }
            if (c == ';' && depth == 0) {
                i = endOfLine(text, i + 1);
                items.add(text.substring(start, i));
                start = i;
                code = false;
                continue;
            }
            i++;
        }
        if (start < text.length()) {
            if (code || items.isEmpty()) {
                items.add(text.substring(start));
            } else {
                items.set(items.size() - 1, items.get(items.size() - 1) + text.substring(start));
            }
        }
        return items;
    }

    private static boolean lineStart(String text, int i) {
        int j = i - 1;
        while (j >= 0 && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
            j--;
        }
        return j < 0 || text.charAt(j) == '\n';
    }

    /** Just past the end of the line {@code i} is on, when only spaces follow on it; else {@code i}. */
    private static int endOfLine(String text, int i) {
        int j = i;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '\n' ? j + 1 : i;
    }

    /** A short description of a template instance: its constants (long texts left out). */
    static String describe(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue();
            if (v.length() <= 24 && !v.contains("\n")) {
                b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(v);
            }
        }
        return b.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
