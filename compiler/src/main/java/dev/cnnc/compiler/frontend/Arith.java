package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;

/**
 * Arithmetic on argument values. Integers stay integers under {@code + - * %}; {@code /}
 * gives an integer when the division is exact and a number otherwise, so {@code c / 4} can
 * size a layer and {@code 1 / 3} is a fraction.
 */
final class Arith {
    private Arith() {
    }

    static Double number(Val v) {
        if (v instanceof Val.Int i) {
            return (double) i.v();
        }
        if (v instanceof Val.Num n) {
            return n.v();
        }
        return null;
    }

    static Val binary(String op, Val l, Val r, SourceSpan span, SourceSpan rightSpan, Diagnostics diagnostics) {
        if (l == Val.Poison.INSTANCE || r == Val.Poison.INSTANCE) {
            return Val.Poison.INSTANCE;
        }
        switch (op) {
            case "and":
            case "or": {
                if (!(l instanceof Val.Bool a) || !(r instanceof Val.Bool b)) {
                    return error(span, "`" + op + "` needs true/false on both sides, got " + l.describe() + " and "
                            + r.describe(), diagnostics);
                }
                return new Val.Bool(op.equals("and") ? a.v() && b.v() : a.v() || b.v());
            }
            case "==":
            case "!=": {
                boolean eq;
                if (number(l) != null && number(r) != null) {
                    eq = number(l).doubleValue() == number(r).doubleValue();
                } else if (l.getClass() == r.getClass() && !(l instanceof Val.Tensor)) {
                    eq = l.equals(r);
                } else {
                    return error(span, "cannot compare " + l.describe() + " with " + r.describe(), diagnostics);
                }
                return new Val.Bool(op.equals("==") == eq);
            }
            default:
                break;
        }
        Double a = number(l);
        Double b = number(r);
        if (a == null || b == null) {
            boolean tensor = l instanceof Val.Tensor || r instanceof Val.Tensor;
            boolean comparison = op.equals("<") || op.equals("<=") || op.equals(">") || op.equals(">=");
            String hint = !tensor ? null : comparison
                    ? "compare a tensor's size instead: channels(x), height(x), width(x) or numel(x)"
                    : "arithmetic works on numbers; to combine tensors use add(a, b) or mul(a, b)";
            diagnostics.error(span, "`" + op + "` needs numbers, got " + l.describe() + " and " + r.describe(), hint);
            return Val.Poison.INSTANCE;
        }
        boolean ints = l instanceof Val.Int && r instanceof Val.Int;
        switch (op) {
            case "<":
                return new Val.Bool(a < b);
            case "<=":
                return new Val.Bool(a <= b);
            case ">":
                return new Val.Bool(a > b);
            case ">=":
                return new Val.Bool(a >= b);
            case "+":
                return ints ? new Val.Int(Math.addExact(((Val.Int) l).v(), ((Val.Int) r).v())) : new Val.Num(a + b);
            case "-":
                return ints ? new Val.Int(Math.subtractExact(((Val.Int) l).v(), ((Val.Int) r).v())) : new Val.Num(a - b);
            case "*":
                return ints ? new Val.Int(Math.multiplyExact(((Val.Int) l).v(), ((Val.Int) r).v())) : new Val.Num(a * b);
            case "/":
            case "%": {
                if (b == 0) {
                    return error(rightSpan, "division by zero", diagnostics);
                }
                if (ints) {
                    long x = ((Val.Int) l).v();
                    long y = ((Val.Int) r).v();
                    if (op.equals("%")) {
                        return new Val.Int(Math.floorMod(x, y));
                    }
                    return x % y == 0 ? new Val.Int(x / y) : new Val.Num((double) x / y);
                }
                return op.equals("%") ? new Val.Num(a % b) : new Val.Num(a / b);
            }
            default:
                throw new IllegalStateException("unknown operator " + op);
        }
    }

    private static Val error(SourceSpan span, String message, Diagnostics diagnostics) {
        diagnostics.error(span, message);
        return Val.Poison.INSTANCE;
    }
}
