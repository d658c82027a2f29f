package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders a body's statements so that every name is defined before it is used (a .cnn body
 * is a set of definitions, not a script), reports names defined twice, and reports cycles.
 */
final class StatementOrder {
    private StatementOrder() {
    }

    /** The statements in an order that respects their dependencies; statements in a cycle are left out. */
    static List<Stmt> order(List<Stmt> body, Set<String> fixedNames, Diagnostics diagnostics, Set<String> cyclic) {
        List<Stmt> units = new ArrayList<>();
        for (Stmt s : body) {
            if (s instanceof Stmt.Assign || s instanceof Stmt.If || s instanceof Stmt.Output) {
                units.add(s);
            }
        }
        Map<String, Integer> definedBy = new HashMap<>();
        Map<String, SourceSpan> firstSpan = new HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            Map<String, SourceSpan> defs = new java.util.LinkedHashMap<>();
            defines(units.get(i), defs);
            for (Map.Entry<String, SourceSpan> d : defs.entrySet()) {
                String name = d.getKey();
                if (fixedNames.contains(name)) {
                    diagnostics.error(d.getValue(), "`" + name + "` is already defined as an input or parameter",
                            "give this value its own name");
                    continue;
                }
                Integer prev = definedBy.putIfAbsent(name, i);
                if (prev != null && prev != i) {
                    diagnostics.error(d.getValue(), "`" + name + "` is already defined (line "
                            + firstSpan.get(name).line() + ")", "give each value its own name");
                } else {
                    firstSpan.putIfAbsent(name, d.getValue());
                }
            }
        }
        List<Set<Integer>> deps = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Set<String> used = new LinkedHashSet<>();
            uses(units.get(i), used);
            Set<Integer> d = new LinkedHashSet<>();
            for (String name : used) {
                Integer by = definedBy.get(name);
                if (by != null && by != i) {
                    d.add(by);
                }
            }
            deps.add(d);
        }
        List<Stmt> ordered = new ArrayList<>();
        boolean[] done = new boolean[units.size()];
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < units.size(); i++) {
                if (!done[i] && deps.get(i).stream().allMatch(d -> done[d])) {
                    done[i] = true;
                    ordered.add(units.get(i));
                    progress = true;
                    break; // restart so that source order wins among ready statements
                }
            }
        }
        reportCycles(units, deps, done, diagnostics, cyclic);
        return ordered;
    }

    private static void reportCycles(List<Stmt> units, List<Set<Integer>> deps, boolean[] done,
                                     Diagnostics diagnostics, Set<String> cyclic) {
        Set<Integer> reported = new LinkedHashSet<>();
        for (int start = 0; start < units.size(); start++) {
            if (done[start] || reported.contains(start)) {
                continue;
            }
            // Walk undone dependencies until a statement repeats: that loop is a cycle.
            List<Integer> path = new ArrayList<>();
            int cur = start;
            while (!path.contains(cur)) {
                path.add(cur);
                int next = -1;
                for (int d : deps.get(cur)) {
                    if (!done[d]) {
                        next = d;
                        break;
                    }
                }
                if (next < 0) {
                    break;
                }
                cur = next;
            }
            int at = path.indexOf(cur);
            List<Integer> loop = at >= 0 ? path.subList(at, path.size()) : path;
            StringBuilder text = new StringBuilder();
            for (int i : loop) {
                text.append('`').append(firstName(units.get(i))).append("` uses ");
            }
            text.append('`').append(firstName(units.get(loop.get(0)))).append('`');
            if (loop.stream().noneMatch(reported::contains)) {
                diagnostics.error(units.get(loop.get(0)).span(), "cycle: " + text,
                        "a model is a directed acyclic graph; break the loop");
            }
            reported.addAll(path);
            for (int i : path) {
                Map<String, SourceSpan> defs = new java.util.LinkedHashMap<>();
                defines(units.get(i), defs);
                cyclic.addAll(defs.keySet());
            }
        }
    }

    private static String firstName(Stmt s) {
        Map<String, SourceSpan> defs = new java.util.LinkedHashMap<>();
        defines(s, defs);
        return defs.isEmpty() ? "if" : defs.keySet().iterator().next();
    }

    static void defines(Stmt s, Map<String, SourceSpan> out) {
        if (s instanceof Stmt.Assign a) {
            out.putIfAbsent(a.name(), a.nameSpan());
        } else if (s instanceof Stmt.Output o && o.chain() != null) {
            out.putIfAbsent(o.name(), o.nameSpan());
        } else if (s instanceof Stmt.If i) {
            // The same name may be defined in both branches.
            Map<String, SourceSpan> then = new java.util.LinkedHashMap<>();
            for (Stmt t : i.then()) {
                defines(t, then);
            }
            Map<String, SourceSpan> otherwise = new java.util.LinkedHashMap<>();
            for (Stmt t : i.otherwise()) {
                defines(t, otherwise);
            }
            then.forEach(out::putIfAbsent);
            otherwise.forEach(out::putIfAbsent);
        }
    }

    static void uses(Stmt s, Set<String> out) {
        if (s instanceof Stmt.Assign a) {
            uses(a.chain(), out);
        } else if (s instanceof Stmt.Output o) {
            if (o.chain() != null) {
                uses(o.chain(), out);
            } else {
                out.add(o.name());
            }
        } else if (s instanceof Stmt.If i) {
            uses(i.condition(), out);
            for (Stmt t : i.then()) {
                uses(t, out);
            }
            for (Stmt t : i.otherwise()) {
                uses(t, out);
            }
        }
    }

    static void uses(Chain c, Set<String> out) {
        uses(c.head(), out);
        for (Chain.Stage st : c.stages()) {
            uses(st.call(), out);
            if (st.repeat() != null) {
                uses(st.repeat(), out);
            }
        }
    }

    static void uses(Expr e, Set<String> out) {
        if (e instanceof Expr.ChainExpr c) {
            uses(c.chain(), out);
        } else if (e instanceof Expr.Name n) {
            out.add(n.id());
        } else if (e instanceof Expr.Call c) {
            for (Expr.Arg a : c.args()) {
                uses(a.value(), out);
            }
        } else if (e instanceof Expr.Unary u) {
            uses(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            uses(b.left(), out);
            uses(b.right(), out);
        } else if (e instanceof Expr.Tuple t) {
            t.items().forEach(x -> uses(x, out));
        } else if (e instanceof Expr.ListLit l) {
            l.items().forEach(x -> uses(x, out));
        }
    }
}
