package dev.cnnc.compiler.diag;

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

    /** Every diagnostic, then a summary line such as {@code 2 errors}. */
    public static String formatAll(Diagnostics diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics.all()) {
            out.append(format(d));
        }
        long errors = diagnostics.errorCount();
        if (errors > 0) {
            out.append(errors).append(errors == 1 ? " error" : " errors").append('\n');
        }
        return out.toString();
    }
}
