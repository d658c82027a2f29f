package dev.cnnc.compiler.codegen;

/**
 * Turns user-chosen names into text that is safe in generated source. Kernel names never carry
 * a layer's name (they are named for their template and text, {@link KernelSource}); a name
 * reaches OpenCL C only inside a comment, through {@link #comment}.
 */
public final class Names {
    /**
     * Text safe in a C (or Java) block comment: printable ASCII only (no line ends, no
     * Unicode escapes: '\\' becomes '/'), with comment delimiters broken up.
     */
    public static String comment(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c == '\\' ? '/' : c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString().replace("*/", "* /").replace("/*", "/ *");
    }
}
