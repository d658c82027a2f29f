package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.compiler.ops.OpDef;
import dev.cnnc.compiler.ops.OpRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operations table of {@code docs/language.md} names only options the operations have
 * (issue 18, item 7: it said {@code adaptive_avgpool(output)} where the option is
 * {@code output_size}), and every operation with options has a row.
 */
class LanguageDocTest {
    private static final Pattern CODE = Pattern.compile("`(\\w+)`");

    @Test
    void theOperationsTableMatchesTheRegistry() throws IOException {
        Path doc = Path.of("").toAbsolutePath().resolveSibling("docs").resolve("language.md");
        if (!Files.exists(doc)) {
            doc = Path.of("docs/language.md").toAbsolutePath();
        }
        List<String> lines = Files.readAllLines(doc);
        int start = lines.indexOf("| operation | options (positional order) | shape rule |");
        assertTrue(start >= 0, "no operations table in " + doc);
        OpRegistry ops = OpRegistry.standard();
        List<String> documented = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            String options = cells[2].replaceAll("\\([^)]*inputs?\\)|\\((?=\\w)|\\)", " ")
                    .replaceAll("\\s\\((?:probability|channels)[^)]*\\)", "");
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                OpDef op = ops.lookup(m.group(1));
                assertNotNull(op, "docs/language.md names an operation `" + m.group(1) + "` that cnnc does not have");
                documented.add(op.name());
                List<String> names = op.attrs().stream().map(AttrSpec::name).toList();
                for (String item : options.split(",| or ")) {
                    String name = item.strip().replaceAll("=.*", "").replaceAll("\\s.*", "").strip();
                    if (name.isEmpty() || name.equals("—")) {
                        continue;
                    }
                    // a row for two operations may name an option only one of them has, in parentheses
                    assertTrue(names.contains(name) || isParenthesised(cells[2], name) || otherHas(ops, cells[1], name),
                            "docs/language.md: `" + op.name() + "` has no option `" + name + "`; its options are "
                                    + names);
                }
            }
        }
        for (OpDef op : ops.all()) {
            if (!op.attrs().isEmpty() && !op.name().startsWith("_")) {
                assertTrue(documented.contains(op.name()), "docs/language.md has no row for `" + op.name() + "`");
            }
        }
        assertFalse(documented.isEmpty());
    }

    private static boolean isParenthesised(String cell, String name) {
        return cell.contains("(" + name + ")") || cell.contains("(" + name + "=");
    }

    private static boolean otherHas(OpRegistry ops, String opsCell, String name) {
        Matcher m = CODE.matcher(opsCell);
        while (m.find()) {
            OpDef op = ops.lookup(m.group(1));
            if (op != null && op.attrs().stream().anyMatch(a -> a.name().equals(name))) {
                return true;
            }
        }
        return false;
    }
}
