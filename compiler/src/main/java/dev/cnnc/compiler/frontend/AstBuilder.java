package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.CompilationUnit;
import dev.cnnc.compiler.ast.Definition;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.grammar.CnnParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Visits the ANTLR parse tree and builds the AST, keeping every node's source position. */
final class AstBuilder {
    private final SourceFile file;

    AstBuilder(SourceFile file) {
        this.file = file;
    }

    CompilationUnit build(CnnParser.FileContext ctx) {
        List<CompilationUnit.Import> imports = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>();
        for (CnnParser.TopLevelContext top : ctx.topLevel()) {
            if (top instanceof CnnParser.ImportDeclContext imp) {
                imports.add(importOf(imp.importTarget()));
            } else if (top instanceof CnnParser.BlockDeclContext block) {
                definitions.add(definition(Definition.Kind.BLOCK, block.name, block.paramList(), block.body()));
            } else if (top instanceof CnnParser.ModelDeclContext model) {
                definitions.add(definition(Definition.Kind.MODEL, model.name, model.paramList(), model.body()));
            }
        }
        return new CompilationUnit(file, imports, definitions);
    }

    private CompilationUnit.Import importOf(CnnParser.ImportTargetContext target) {
        if (target instanceof CnnParser.PathImportContext path) {
            return new CompilationUnit.Import(unquote(path.STRING().getText()), false, span(target));
        }
        return new CompilationUnit.Import(target.getText(), true, span(target));
    }

    private Definition definition(Definition.Kind kind, Token name, CnnParser.ParamListContext params,
                                  CnnParser.BodyContext body) {
        List<Definition.Param> ps = new ArrayList<>();
        if (params != null) {
            for (CnnParser.ParamContext p : params.param()) {
                ps.add(new Definition.Param(p.ID().getText(), span(p.ID()), p.expr() == null ? null : expr(p.expr())));
            }
        }
        return new Definition(kind, name.getText(), span(name), ps, statements(body));
    }

    private List<Stmt> statements(CnnParser.BodyContext body) {
        List<Stmt> out = new ArrayList<>();
        for (CnnParser.StatementContext s : body.statement()) {
            statement(s, out);
        }
        return out;
    }

    private void statement(CnnParser.StatementContext s, List<Stmt> out) {
        if (s instanceof CnnParser.InputStmtContext in) {
            for (CnnParser.InputDeclContext d : in.inputDecl()) {
                out.add(new Stmt.Input(d.ID().getText(), span(d.ID()),
                        d.tensorType() == null ? null : tensorType(d.tensorType())));
            }
        } else if (s instanceof CnnParser.OutputStmtContext o) {
            for (CnnParser.OutputItemContext item : o.outputItem()) {
                out.add(new Stmt.Output(item.ID().getText(), span(item.ID()),
                        item.chain() == null ? null : chain(item.chain())));
            }
        } else if (s instanceof CnnParser.AssignStmtContext a) {
            out.add(new Stmt.Assign(a.ID().getText(), span(a.ID()), chain(a.chain())));
        } else if (s instanceof CnnParser.IfStmtContext i) {
            out.add(ifStatement(i.ifStatement()));
        } else if (s instanceof CnnParser.TrainStmtContext t) {
            List<Stmt.TrainEntry> entries = new ArrayList<>();
            for (CnnParser.TrainEntryContext e : t.trainEntry()) {
                entries.add(new Stmt.TrainEntry(e.ID().getText(), span(e.ID()), expr(e.expr())));
            }
            out.add(new Stmt.Train(entries, span(t.TRAIN())));
        } else {
            throw new IllegalStateException("unhandled statement " + s.getClass().getSimpleName());
        }
    }

    private Stmt.If ifStatement(CnnParser.IfStatementContext i) {
        List<Stmt> otherwise = List.of();
        if (i.ifStatement() != null) {
            otherwise = List.of(ifStatement(i.ifStatement()));
        } else if (i.body().size() > 1) {
            otherwise = statements(i.body(1));
        }
        return new Stmt.If(expr(i.expr()), statements(i.body(0)), otherwise, span(i.IF()));
    }

    private Stmt.TensorTypeExpr tensorType(CnnParser.TensorTypeContext t) {
        List<Expr> dims = new ArrayList<>();
        for (CnnParser.ExprContext e : t.expr()) {
            dims.add(expr(e));
        }
        return new Stmt.TensorTypeExpr(t.dtype == null ? null : t.dtype.getText(),
                t.dtype == null ? null : span(t.dtype), dims, span(t));
    }

    private Chain chain(CnnParser.ChainContext c) {
        List<Chain.Stage> stages = new ArrayList<>();
        for (CnnParser.StageContext st : c.stage()) {
            Token callee = st.ID().getSymbol();
            List<Expr.Arg> args = st.args() == null ? List.of() : args(st.args());
            SourceSpan calleeSpan = span(callee);
            SourceSpan callSpan = st.RPAREN() != null ? calleeSpan.to(span(st.RPAREN())) : calleeSpan;
            Expr.Call call = new Expr.Call(callee.getText(), calleeSpan, args, callSpan);
            stages.add(new Chain.Stage(call, st.repeat == null ? null : atom(st.repeat), alias(st.layerAlias())));
        }
        return new Chain(expr(c.expr()), alias(c.layerAlias()), stages, span(c));
    }

    private Chain.LayerName alias(CnnParser.LayerAliasContext a) {
        return a == null ? null : new Chain.LayerName(a.layerName().getText(), span(a.layerName()));
    }

    private List<Expr.Arg> args(CnnParser.ArgsContext ctx) {
        List<Expr.Arg> out = new ArrayList<>();
        for (CnnParser.ArgContext a : ctx.arg()) {
            Expr value = argValue(a.chain());
            if (a.argName() != null) {
                out.add(new Expr.Arg(a.argName().getText(), span(a.argName()), value));
            } else {
                out.add(new Expr.Arg(null, null, value));
            }
        }
        return out;
    }

    /** A plain expression, or a chain when the argument has stages or an `as` name. */
    private Expr argValue(CnnParser.ChainContext c) {
        if (c.stage().isEmpty() && c.layerAlias() == null) {
            return expr(c.expr());
        }
        return new Expr.ChainExpr(chain(c), span(c));
    }

    private Expr expr(CnnParser.ExprContext e) {
        if (e instanceof CnnParser.AtomExprContext a) {
            return atom(a.atom());
        }
        if (e instanceof CnnParser.NegExprContext n) {
            Expr operand = expr(n.expr());
            return new Expr.Unary("-", operand, span(n.MINUS().getSymbol()).to(operand.span()));
        }
        if (e instanceof CnnParser.NotExprContext n) {
            Expr operand = expr(n.expr());
            return new Expr.Unary("not", operand, span(n.NOT().getSymbol()).to(operand.span()));
        }
        if (e instanceof CnnParser.MulExprContext m) {
            return binary(m.op.getText(), m.expr(0), m.expr(1), m.op);
        }
        if (e instanceof CnnParser.AddExprContext m) {
            return binary(m.op.getText(), m.expr(0), m.expr(1), m.op);
        }
        if (e instanceof CnnParser.CompareExprContext m) {
            return binary(m.op.getText(), m.expr(0), m.expr(1), m.op);
        }
        if (e instanceof CnnParser.AndExprContext m) {
            return binary("and", m.expr(0), m.expr(1), m.AND().getSymbol());
        }
        if (e instanceof CnnParser.OrExprContext m) {
            return binary("or", m.expr(0), m.expr(1), m.OR().getSymbol());
        }
        throw new IllegalStateException("unhandled expression " + e.getClass().getSimpleName());
    }

    private Expr binary(String op, CnnParser.ExprContext l, CnnParser.ExprContext r, Token opToken) {
        Expr left = expr(l);
        Expr right = expr(r);
        return new Expr.Binary(op, left, right, left.span().to(right.span()));
    }

    private Expr atom(CnnParser.AtomContext a) {
        SourceSpan span = span(a);
        if (a instanceof CnnParser.IntLitContext i) {
            return new Expr.IntLit(parseInt(i.INT().getText()), span);
        }
        if (a instanceof CnnParser.FloatLitContext f) {
            return new Expr.FloatLit(Double.parseDouble(f.FLOAT().getText().replace("_", "")), span);
        }
        if (a instanceof CnnParser.StringLitContext s) {
            return new Expr.StringLit(unquote(s.STRING().getText()), span);
        }
        if (a instanceof CnnParser.BoolLitContext b) {
            return new Expr.BoolLit(b.TRUE() != null, span);
        }
        if (a instanceof CnnParser.NameExprContext n) {
            return new Expr.Name(n.ID().getText(), span);
        }
        if (a instanceof CnnParser.CallExprContext c) {
            return new Expr.Call(c.ID().getText(), span(c.ID()), c.args() == null ? List.of() : args(c.args()), span);
        }
        if (a instanceof CnnParser.ParenExprContext p) {
            return expr(p.expr());
        }
        if (a instanceof CnnParser.TupleExprContext t) {
            List<Expr> items = new ArrayList<>();
            for (CnnParser.ExprContext e : t.expr()) {
                items.add(expr(e));
            }
            return new Expr.Tuple(items, span);
        }
        if (a instanceof CnnParser.ListExprContext l) {
            List<Expr> items = new ArrayList<>();
            for (CnnParser.ExprContext e : l.expr()) {
                items.add(expr(e));
            }
            return new Expr.ListLit(items, span);
        }
        throw new IllegalStateException("unhandled atom " + a.getClass().getSimpleName());
    }

    private static long parseInt(String text) {
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // reported as out of range where it is used
        }
    }

    static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                char n = quoted.charAt(++i);
                out.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private SourceSpan span(Token t) {
        return SourceParser.span(file, t);
    }

    private SourceSpan span(TerminalNode n) {
        return span(n.getSymbol());
    }

    private SourceSpan span(ParserRuleContext ctx) {
        SourceSpan start = span(ctx.getStart());
        Token stop = ctx.getStop();
        return stop == null ? start : start.to(span(stop));
    }
}
