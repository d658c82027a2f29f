package dev.cnnc.compiler.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns a diagnostic into text:
 *
 * <pre>
 * model.cnn:4:10: error: unknown operation `maxpol`
 *     4 |   y = x -> maxpol(2)
 *       |            ^~~~~~
 *   hint: did you mean `maxpool`?
 * </pre>
 */
public final class DiagnosticFormatter {
    private DiagnosticFormatter() {
    }

    public static String format(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        SourceSpan span = d.span();
        if (span != null) {
            out.append(span).append(": ");
        }
        out.append(d.severity().label()).append(": ").append(d.message()).append('\n');
        if (span != null) {
            String line = span.file().line(span.line()).replace('\t', ' ');
            String number = Integer.toString(span.line());
            String gutter = " ".repeat(number.length());
            out.append(' ').append(number).append(" | ").append(line).append('\n');
            int caretLength = Math.max(1, Math.min(span.length(), line.length() - span.column() + 1));
            out.append(' ').append(gutter).append(" | ")
                    .append(" ".repeat(span.column() - 1))
                    .append('^').append("~".repeat(caretLength - 1)).append('\n');
        }
        if (d.hint() != null) {
            out.append("  hint: ").append(d.hint()).append('\n');
        }
        for (String note : d.notes()) {
            out.append("  note: ").append(note).append('\n');
        }
        return out.toString();
    }

    /**
     * Diagnostics in reading order: those without a place first, then by file (in the order
     * files first appear), line and column.
     */
    public static List<Diagnostic> sorted(List<Diagnostic> all) {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (Diagnostic d : all) {
            if (d.span() != null) {
                fileOrder.putIfAbsent(d.span().file().displayName(), fileOrder.size());
            }
        }
        List<Diagnostic> out = new ArrayList<>(all);
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.span() == null ? -1
                        : fileOrder.get(d.span().file().displayName()))
                .thenComparingInt(d -> d.span() == null ? 0 : d.span().line())
                .thenComparingInt(d -> d.span() == null ? 0 : d.span().column()));
        return out;
    }

    /** Every diagnostic, then a summary line such as {@code 2 errors}. */
    public static String formatAll(Diagnostics diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : sorted(diagnostics.all())) {
            out.append(format(d));
        }
        long errors = diagnostics.errorCount();
        if (errors > 0) {
            out.append(errors).append(errors == 1 ? " error" : " errors").append('\n');
        }
        return out.toString();
    }
}
