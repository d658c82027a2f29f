package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;

/** Statements of a block or model body. */
public sealed interface Stmt {
    SourceSpan span();

    /** {@code input x: [1, 28, 28]}; blocks may leave the type out. */
    record Input(String name, SourceSpan nameSpan, TensorTypeExpr type) implements Stmt {
        @Override
        public SourceSpan span() {
            return nameSpan;
        }
    }

    /** {@code output y} or {@code output y = chain}. */
    record Output(String name, SourceSpan nameSpan, Chain chain) implements Stmt {
        @Override
        public SourceSpan span() {
            return nameSpan;
        }
    }

    /** {@code name = chain}. */
    record Assign(String name, SourceSpan nameSpan, Chain chain) implements Stmt {
        @Override
        public SourceSpan span() {
            return nameSpan;
        }
    }

    /** {@code if cond { ... } else { ... }}, decided when the block is expanded. */
    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, SourceSpan span) implements Stmt {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** {@code train { key: value ... }}. */
    record Train(List<TrainEntry> entries, SourceSpan span) implements Stmt {
        public Train {
            entries = List.copyOf(entries);
        }
    }

    record TrainEntry(String key, SourceSpan keySpan, Expr value) {
    }

    /** {@code f32[1, 28, 28]}: the dtype word may be absent (null). */
    record TensorTypeExpr(String dtype, SourceSpan dtypeSpan, List<Expr> dims, SourceSpan span) {
        public TensorTypeExpr {
            dims = List.copyOf(dims);
        }
    }
}
