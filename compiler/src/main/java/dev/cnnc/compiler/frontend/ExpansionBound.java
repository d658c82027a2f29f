package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Definition;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.ast.Stmt;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound, read from the text alone, of the layers and block uses one use of a block
 * makes: calls of ops count one layer, calls of blocks their own bound plus one use, a repeat
 * written as an integer literal multiplies, any other repeat counts once, and an `if` counts
 * its smaller branch. The elaborator refuses a use whose bound cannot fit the model's limits
 * before expanding it, so `Inner * 10000` inside `Outer * 10000`, or blocks that each use the
 * previous one twice, fail at once instead of after the work. Saturates at {@link #CAP}.
 */
final class ExpansionBound {
    static final long CAP = 1L << 40;

    /** Layers and block uses (each at most CAP). */
    record Size(long layers, long uses) {
        static final Size ZERO = new Size(0, 0);

        Size plus(Size o) {
            return new Size(Math.min(CAP, layers + o.layers), Math.min(CAP, uses + o.uses));
        }

        Size times(long n) {
            return new Size(mul(layers, n), mul(uses, n));
        }

        Size min(Size o) {
            return new Size(Math.min(layers, o.layers), Math.min(uses, o.uses));
        }

        private static long mul(long a, long n) {
            if (a == 0 || n <= 0) {
                return 0;
            }
            return a > CAP / n ? CAP : Math.min(CAP, a * n);
        }
    }

    private final OpsView ops;
    private final Map<Definition, Size> memo = new IdentityHashMap<>();

    /** Which names are ops (the bound needs nothing else of them). */
    interface OpsView {
        boolean isOp(String name);
    }

    ExpansionBound(OpsView ops) {
        this.ops = ops;
    }

    /** The bound of one use of {@code ref}'s block, its own use not counted. */
    Size of(Namespace.Ref ref) {
        Size known = memo.get(ref.def());
        if (known != null) {
            return known;
        }
        memo.put(ref.def(), Size.ZERO); // a block that uses itself is reported elsewhere
        Size s = statements(ref.def().body(), ref.home(), 0);
        memo.put(ref.def(), s);
        return s;
    }

    /** The bound of a call of {@code name} (a layer, a block use, or nothing) found in {@code ns}. */
    Size call(String name, Namespace ns) {
        Namespace.Ref ref = ns.lookup(name);
        if (ref != null) {
            return of(ref).plus(new Size(0, 1));
        }
        return ops.isOp(name) ? new Size(1, 0) : Size.ZERO;
    }

    private Size statements(List<Stmt> stmts, Namespace ns, int depth) {
        Size total = Size.ZERO;
        for (Stmt s : stmts) {
            if (s instanceof Stmt.Assign a) {
                total = total.plus(chain(a.chain(), ns, depth));
            } else if (s instanceof Stmt.Output o && o.chain() != null) {
                total = total.plus(chain(o.chain(), ns, depth));
            } else if (s instanceof Stmt.If i && depth < SourceParser.MAX_NESTING) {
                Size then = statements(i.then(), ns, depth + 1);
                Size otherwise = i.otherwise() == null ? Size.ZERO : statements(i.otherwise(), ns, depth + 1);
                total = total.plus(then.min(otherwise));
            }
        }
        return total;
    }

    Size chain(Chain c, Namespace ns, int depth) {
        if (depth > SourceParser.MAX_NESTING) {
            return Size.ZERO;
        }
        Size total = expr(c.head(), ns, depth + 1);
        if (c.head() instanceof Expr.Call call && !Builtins.isBuiltin(call.callee())) {
            total = total.plus(call(call.callee(), ns));
        }
        for (Chain.Stage stage : c.stages()) {
            long times = stage.repeat() instanceof Expr.IntLit n && n.value() <= Elaborator.MAX_REPEAT ? n.value() : 1;
            Size one = call(stage.call().callee(), ns).plus(args(stage.call().args(), ns, depth + 1));
            total = total.plus(one.times(times));
        }
        return total;
    }

    private Size args(List<Expr.Arg> args, Namespace ns, int depth) {
        Size total = Size.ZERO;
        for (Expr.Arg a : args) {
            total = total.plus(expr(a.value(), ns, depth));
        }
        return total;
    }

    /** Layers made by the chains inside an expression (its own call, when a chain's head, is counted by the chain). */
    private Size expr(Expr e, Namespace ns, int depth) {
        if (depth > SourceParser.MAX_NESTING) {
            return Size.ZERO;
        }
        if (e instanceof Expr.ChainExpr c) {
            return chain(c.chain(), ns, depth + 1);
        }
        if (e instanceof Expr.Call c) {
            return args(c.args(), ns, depth + 1);
        }
        if (e instanceof Expr.Tuple t) {
            return items(t.items(), ns, depth + 1);
        }
        if (e instanceof Expr.ListLit l) {
            return items(l.items(), ns, depth + 1);
        }
        return Size.ZERO;
    }

    private Size items(List<Expr> items, Namespace ns, int depth) {
        Size total = Size.ZERO;
        for (Expr x : items) {
            total = total.plus(expr(x, ns, depth));
        }
        return total;
    }
}
