package dev.cnnc.compiler.diag;

import java.util.List;
import java.util.Objects;

/**
 * One message about the user's model. {@code span} may be null for problems that have
 * no place in a source (a file that cannot be read), {@code hint} may be null, and
 * {@code notes} say where a block containing the problem was used, innermost first.
 */
public record Diagnostic(Severity severity, SourceSpan span, String message, String hint, List<String> notes) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        notes = List.copyOf(notes);
    }

    public Diagnostic(Severity severity, SourceSpan span, String message, String hint) {
        this(severity, span, message, hint, List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
