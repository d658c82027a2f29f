package dev.cnnc.compiler.diag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every independent problem of one compilation, so that a single run reports
 * them all. A problem at the same place with the same message (a block expanded twice)
 * is kept once. While a block is being expanded, {@link #enter} adds a note saying where.
 */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> context = new ArrayDeque<>();

    public void error(SourceSpan span, String message) {
        add(Severity.ERROR, span, message, null);
    }

    public void error(SourceSpan span, String message, String hint) {
        add(Severity.ERROR, span, message, hint);
    }

    public void warning(SourceSpan span, String message, String hint) {
        add(Severity.WARNING, span, message, hint);
    }

    private void add(Severity severity, SourceSpan span, String message, String hint) {
        String key = span + "|" + message;
        if (seen.add(key)) {
            items.add(new Diagnostic(severity, span, message, hint, List.copyOf(context)));
        }
    }

    /** Notes that follow problems reported until the matching {@link #leave}. */
    public void enter(String note) {
        context.push(note);
    }

    public void leave() {
        context.pop();
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(Diagnostic::isError);
    }

    public long errorCount() {
        return items.stream().filter(Diagnostic::isError).count();
    }

    public List<Diagnostic> all() {
        return Collections.unmodifiableList(items);
    }
}
