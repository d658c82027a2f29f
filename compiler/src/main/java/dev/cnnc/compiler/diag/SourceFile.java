package dev.cnnc.compiler.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The text of one .cnn file and the name it is reported under (a path as the user gave it). */
public final class SourceFile {
    private final String displayName;
    private final String text;
    private final int[] lineStarts;

    /** A UTF-8 byte order mark at the start (some editors write one) is not part of the text. */
    public SourceFile(String displayName, String text) {
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(text, "text");
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < this.text.length(); i++) {
            if (this.text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public String displayName() {
        return displayName;
    }

    public String text() {
        return text;
    }

    /** The text of 1-based line {@code line}, without its line terminator. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }

    @Override
    public String toString() {
        return displayName;
    }
}
