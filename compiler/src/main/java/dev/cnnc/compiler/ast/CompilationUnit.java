package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;

/** One parsed .cnn file. */
public record CompilationUnit(SourceFile file, List<Import> imports, List<Definition> definitions) {

    public CompilationUnit {
        imports = List.copyOf(imports);
        definitions = List.copyOf(definitions);
    }

    /**
     * {@code import blocks.resnet} (dotted: a library path, {@code blocks/resnet.cnn}) or
     * {@code import "../my/blocks.cnn"} (a path relative to the importing file).
     */
    public record Import(String target, boolean dotted, SourceSpan span) {
        public String relativePath() {
            return dotted ? target.replace('.', '/') + ".cnn" : target;
        }
    }
}
