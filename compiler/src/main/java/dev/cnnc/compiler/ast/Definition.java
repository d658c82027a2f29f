package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;

/** A {@code block} or {@code model}: parameters with optional defaults, and a body. */
public record Definition(Kind kind, String name, SourceSpan nameSpan, List<Param> params, List<Stmt> body) {

    public Definition {
        params = List.copyOf(params);
        body = List.copyOf(body);
    }

    public enum Kind {
        BLOCK("block"),
        MODEL("model");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** A parameter; {@code defaultValue} is null when the caller must give it. */
    public record Param(String name, SourceSpan span, Expr defaultValue) {
    }
}
