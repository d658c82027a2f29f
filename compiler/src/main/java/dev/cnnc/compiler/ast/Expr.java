package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;

/** Expressions: literals, names, calls, arithmetic, tuples and lists. Every node keeps its position. */
public sealed interface Expr {
    SourceSpan span();

    record IntLit(long value, SourceSpan span) implements Expr {
    }

    record FloatLit(double value, SourceSpan span) implements Expr {
    }

    record StringLit(String value, SourceSpan span) implements Expr {
    }

    record BoolLit(boolean value, SourceSpan span) implements Expr {
    }

    /** A bare identifier: a parameter, a value, an option word such as {@code same}, or an op with no arguments. */
    record Name(String id, SourceSpan span) implements Expr {
    }

    /** {@code callee(args)}: an operation, a block, a built-in function or a training component. */
    record Call(String callee, SourceSpan calleeSpan, List<Arg> args, SourceSpan span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    record Unary(String op, Expr operand, SourceSpan span) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, SourceSpan span) implements Expr {
    }

    record Tuple(List<Expr> items, SourceSpan span) implements Expr {
        public Tuple {
            items = List.copyOf(items);
        }
    }

    record ListLit(List<Expr> items, SourceSpan span) implements Expr {
        public ListLit {
            items = List.copyOf(items);
        }
    }

    /** A chain written as an argument: {@code concat(x -> conv(8, 1), y)}. */
    record ChainExpr(Chain chain, SourceSpan span) implements Expr {
    }

    /** A call argument, positional when {@code name} is null. */
    record Arg(String name, SourceSpan nameSpan, Expr value) {
        public SourceSpan span() {
            return nameSpan != null ? nameSpan.to(value.span()) : value.span();
        }
    }
}
