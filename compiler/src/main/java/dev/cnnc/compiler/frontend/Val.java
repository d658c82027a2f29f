package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.ir.Value;
import java.util.List;

/** What an expression evaluates to while a model is elaborated. */
sealed interface Val {

    /** Words for messages: "an integer (3)", "a tensor [64, 56, 56]". */
    String describe();

    record Int(long v) implements Val {
        @Override
        public String describe() {
            return "the integer " + v;
        }
    }

    record Num(double v) implements Val {
        @Override
        public String describe() {
            return "the number " + v;
        }
    }

    record Bool(boolean v) implements Val {
        @Override
        public String describe() {
            return v ? "`true`" : "`false`";
        }
    }

    record Str(String v) implements Val {
        @Override
        public String describe() {
            return "the string \"" + v + "\"";
        }
    }

    /** A bare word that names nothing in scope: an option word such as {@code same}, or a mistake. */
    record Word(String name, SourceSpan span) implements Val {
        @Override
        public String describe() {
            return "the word `" + name + "`";
        }
    }

    /** A tuple {@code (3, 5)} or a list {@code [a, b]}. */
    record Seq(List<Val> items) implements Val {
        public Seq {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list of " + items.size();
        }
    }

    record Tensor(Value value) implements Val {
        @Override
        public String describe() {
            return "a tensor " + value.shape();
        }
    }

    /** A call that names no op or block: a training component such as {@code sgd(lr: 0.1)}. */
    record CallV(String callee, SourceSpan calleeSpan, List<EArg> args) implements Val {
        public CallV {
            args = List.copyOf(args);
        }

        @Override
        public String describe() {
            return "a call of `" + callee + "`";
        }
    }

    /** Stands for a value whose error was already reported; using it reports nothing more. */
    enum Poison implements Val {
        INSTANCE;

        @Override
        public String describe() {
            return "an erroneous value";
        }
    }

    /** An evaluated argument, positional when name is null. */
    record EArg(String name, SourceSpan nameSpan, Val value, SourceSpan valueSpan) {
        SourceSpan span() {
            return nameSpan != null ? nameSpan.to(valueSpan) : valueSpan;
        }
    }
}
