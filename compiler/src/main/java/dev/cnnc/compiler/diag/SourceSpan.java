package dev.cnnc.compiler.diag;

/**
 * A place in a source file: 1-based line and column of the first character, and the
 * length in characters on that line (at least 1) used to draw the caret.
 */
public record SourceSpan(SourceFile file, int line, int column, int length) {

    public SourceSpan {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
        length = Math.max(1, length);
    }

    /** A span covering this one through {@code end} when both lie on one line, else this one. */
    public SourceSpan to(SourceSpan end) {
        if (end == null || end.file != file || end.line != line || end.column < column) {
            return this;
        }
        return new SourceSpan(file, line, column, end.column + end.length - column);
    }

    @Override
    public String toString() {
        return file.displayName() + ":" + line + ":" + column;
    }
}
