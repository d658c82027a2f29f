package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.CompilationUnit;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.grammar.CnnLexer;
import dev.cnnc.grammar.CnnParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;

/** Text to AST. Syntax errors become diagnostics; the result is null when there were any. */
public final class SourceParser {
    private static final List<String> KEYWORDS = List.of("import", "block", "model", "input", "output", "train",
            "if", "else");

    /**
     * The deepest nesting a file may have: parentheses, brackets, braces, calls, `-` and `not`,
     * binary operators in a row and `else if` chains each count one level. Checked on the tokens
     * before ANTLR parses (its recursive descent and prediction recurse once per level) and on
     * the parse tree before the AST is built, so no part of the front end overflows the stack.
     */
    public static final int MAX_NESTING = 200;

    private SourceParser() {
    }

    public static CompilationUnit parse(SourceFile file, Diagnostics diagnostics) {
        CnnLexer lexer = new CnnLexer(CharStreams.fromString(file.text(), file.displayName()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();

        long before = diagnostics.errorCount();
        Set<Integer> reportedLines = new HashSet<>();
        for (Token t : tokens.getTokens()) {
            if (t.getType() == CnnLexer.ERROR_CHAR) {
                reportedLines.add(t.getLine());
                if (t.getText().equals("\"")) {
                    String rest = file.line(t.getLine()).substring(t.getCharPositionInLine());
                    diagnostics.error(new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1,
                            rest.stripTrailing().length()), "unterminated string",
                            "close it with `\"` on the same line: strings cannot span lines");
                } else {
                    diagnostics.error(span(file, t), "unexpected character `" + t.getText() + "`",
                            strayHint(t.getText()));
                }
            }
        }

        if (diagnostics.errorCount() == before && !nestingWithinLimit(file, tokens, diagnostics)) {
            return null;
        }

        CnnParser parser = new CnnParser(tokens);
        parser.removeErrorListeners();
        // One syntax error per definition (block or model): the parser's recovery after the first
        // tends to produce follow-on errors that are not the user's. Other definitions still report.
        Set<Integer> reportedDefinitions = new HashSet<>();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                if (reportedLines.contains(line)) {
                    return; // the lexer already reported the cause on this line
                }
                ParserRuleContext context = ((Parser) recognizer).getContext();
                CnnParser.TopLevelContext top = enclosing(context, CnnParser.TopLevelContext.class);
                if (top != null && !reportedDefinitions.add(top.getStart().getTokenIndex())) {
                    return;
                }
                reportedLines.add(line);
                Token t = offending instanceof Token tok ? tok : null;
                Token stray = missingArrowBefore(t, context, tokens);
                if (stray != null) {
                    Token before = previous(stray, tokens);
                    Token beforeThat = previous(before, tokens);
                    boolean inLayerName = beforeThat != null && (beforeThat.getType() == CnnLexer.AS
                            || beforeThat.getType() == CnnLexer.DOT);
                    diagnostics.error(span(file, stray), "syntax error: unexpected `" + stray.getText() + "` after `"
                            + before.getText() + "`", inLayerName
                            ? "a layer name is a name, or names and numbers joined by dots, e.g. `layer1.0.conv1`"
                            : "stages of a chain are joined by `->`; is one missing before `" + stray.getText() + "`?");
                    return;
                }
                Token open = unclosedParen(t, tokens);
                if (open != null && (msg.contains("missing ')'") || t.getType() == CnnLexer.RBRACE
                        || t.getType() == Token.EOF)) {
                    diagnostics.error(span(file, open), "syntax error: this `(` is never closed",
                            "close it with `)` before " + describe(t) + " (line " + t.getLine() + ")");
                    return;
                }
                SourceSpan span = t == null ? new SourceSpan(file, line, col + 1, 1)
                        : t.getType() == Token.EOF ? endOfFile(file, tokens) : span(file, t);
                diagnostics.error(span, syntaxMessage(t, msg), syntaxHint(t, context, tokens));
            }
        });
        CnnParser.FileContext tree = parser.file();
        if (diagnostics.errorCount() > before || !treeWithinLimit(file, tree, diagnostics)) {
            return null;
        }
        return new AstBuilder(file).build(tree);
    }

    private static void nestingError(SourceFile file, Token at, Diagnostics diagnostics) {
        diagnostics.error(span(file, at), String.format(java.util.Locale.ROOT,
                        "this is nested too deeply: more than %,d levels of parentheses, brackets, calls, "
                                + "operators or `else if` (the limit)", MAX_NESTING),
                "name the inner parts (`a = ...`) and combine the names");
    }

    /**
     * A bound of the nesting from the tokens alone, checked before ANTLR recurses: brackets of any
     * kind, prefix `-`/`not` and `else if` each add a level; a comma, `;`, `->`, `=` or `:` ends a
     * run of prefix operators. Reports the first token past the limit.
     */
    private static boolean nestingWithinLimit(SourceFile file, CommonTokenStream tokens, Diagnostics diagnostics) {
        int[] base = new int[16];
        int[] extra = new int[16];
        int top = 0;
        int prevType = -1;
        for (Token t : tokens.getTokens()) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == Token.EOF) {
                continue;
            }
            int type = t.getType();
            switch (type) {
                case CnnLexer.LPAREN, CnnLexer.LBRACK, CnnLexer.LBRACE -> {
                    int depth = base[top] + extra[top] + 1;
                    if (++top == base.length) {
                        base = java.util.Arrays.copyOf(base, top * 2);
                        extra = java.util.Arrays.copyOf(extra, top * 2);
                    }
                    base[top] = depth;
                    extra[top] = 0;
                }
                case CnnLexer.RPAREN, CnnLexer.RBRACK, CnnLexer.RBRACE -> top = Math.max(0, top - 1);
                case CnnLexer.COMMA, CnnLexer.SEMI, CnnLexer.ARROW, CnnLexer.ASSIGN, CnnLexer.COLON -> extra[top] = 0;
                case CnnLexer.NOT -> extra[top]++;
                case CnnLexer.MINUS -> {
                    boolean afterOperand = prevType == CnnLexer.ID || prevType == CnnLexer.INT
                            || prevType == CnnLexer.FLOAT || prevType == CnnLexer.STRING || prevType == CnnLexer.TRUE
                            || prevType == CnnLexer.FALSE || prevType == CnnLexer.RPAREN
                            || prevType == CnnLexer.RBRACK;
                    if (!afterOperand) {
                        extra[top]++;
                    }
                }
                case CnnLexer.IF -> {
                    if (prevType == CnnLexer.ELSE) {
                        extra[top]++;
                    }
                }
                default -> {
                }
            }
            if (base[top] + extra[top] > MAX_NESTING) {
                nestingError(file, t, diagnostics);
                return false;
            }
            prevType = type;
        }
        return true;
    }

    /**
     * The nesting of the parse tree, walked without recursion: operators (a chain of `+` is a
     * left-deep tree, one level per `+`), parentheses, tuples, lists, calls, bodies and `if`s
     * each count one level. The AST builder and the elaborator recurse once or a few times per
     * level.
     */
    private static boolean treeWithinLimit(SourceFile file, CnnParser.FileContext tree, Diagnostics diagnostics) {
        java.util.ArrayDeque<org.antlr.v4.runtime.tree.ParseTree> nodes = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        nodes.push(tree);
        depths.push(0);
        while (!nodes.isEmpty()) {
            org.antlr.v4.runtime.tree.ParseTree node = nodes.pop();
            int depth = depths.pop();
            if (!(node instanceof ParserRuleContext ctx)) {
                continue;
            }
            boolean level = (ctx instanceof CnnParser.ExprContext && !(ctx instanceof CnnParser.AtomExprContext))
                    || ctx instanceof CnnParser.ParenExprContext || ctx instanceof CnnParser.TupleExprContext
                    || ctx instanceof CnnParser.ListExprContext || ctx instanceof CnnParser.CallExprContext
                    || (ctx instanceof CnnParser.ArgsContext && ctx.getParent() instanceof CnnParser.StageContext)
                    || ctx instanceof CnnParser.BodyContext
                    || ctx instanceof CnnParser.IfStatementContext;
            if (level && ++depth > MAX_NESTING) {
                nestingError(file, ctx.getStart(), diagnostics);
                return false;
            }
            for (int i = ctx.getChildCount() - 1; i >= 0; i--) {
                nodes.push(ctx.getChild(i));
                depths.push(depth);
            }
        }
        return true;
    }

    /**
     * {@code x -> conv(16, 3) relu}: the parser ends the statement after {@code conv(16, 3)} and
     * reads {@code relu} as the start of a new one, then fails at the next token. A statement that
     * starts with a name on the line where the previous one ended is really a stage that lacks
     * its {@code ->}; returns that name's token, or null.
     */
    private static Token missingArrowBefore(Token t, ParserRuleContext context, CommonTokenStream tokens) {
        CnnParser.StatementContext stmt = enclosing(context, CnnParser.StatementContext.class);
        if (t == null || stmt == null || stmt.getStart().getType() != CnnLexer.ID || stmt.getStart() == t) {
            return null;
        }
        Token start = stmt.getStart();
        Token before = previous(start, tokens);
        if (before == null || before.getLine() != start.getLine()) {
            return null;
        }
        int type = before.getType();
        return type == CnnLexer.RPAREN || type == CnnLexer.ID || type == CnnLexer.INT ? start : null;
    }

    static SourceSpan span(SourceFile file, Token t) {
        int length = t.getType() == Token.EOF ? 1 : Math.max(1, t.getText().length());
        return new SourceSpan(file, Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
    }

    /** Just after the last token, where the missing text belongs, rather than on an empty last line. */
    private static SourceSpan endOfFile(SourceFile file, CommonTokenStream tokens) {
        Token last = null;
        for (Token t : tokens.getTokens()) {
            if (t.getType() != Token.EOF && t.getChannel() == Token.DEFAULT_CHANNEL) {
                last = t;
            }
        }
        if (last == null) {
            return new SourceSpan(file, 1, 1, 1);
        }
        return new SourceSpan(file, last.getLine(), last.getCharPositionInLine() + last.getText().length() + 1, 1);
    }

    private static <T extends ParserRuleContext> T enclosing(RuleContext context, Class<T> kind) {
        for (RuleContext c = context; c != null; c = c.getParent()) {
            if (kind.isInstance(c)) {
                return kind.cast(c);
            }
        }
        return null;
    }

    private static String describe(Token t) {
        if (t == null) {
            return "input";
        }
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        return "`" + t.getText() + "`";
    }

    private static String syntaxMessage(Token t, String antlrMessage) {
        String expecting = "";
        int at = antlrMessage.indexOf("expecting ");
        if (at >= 0) {
            String what = expected(antlrMessage.substring(at + "expecting ".length()));
            if (what.split(", ").length <= 6) { // a longer list (every operator) helps nobody
                expecting = "; expected " + what;
            }
        } else if (antlrMessage.startsWith("missing ")) {
            String what = antlrMessage.substring("missing ".length());
            int sp = what.indexOf(" at ");
            expecting = "; missing " + expected(sp > 0 ? what.substring(0, sp) : what);
        }
        return "syntax error: unexpected " + describe(t) + expecting;
    }

    /** ANTLR's {@code {'(', ID}} as {@code one of `(`, a name}. */
    private static String expected(String antlr) {
        String body = antlr.trim();
        boolean set = body.startsWith("{") && body.endsWith("}");
        if (set) {
            body = body.substring(1, body.length() - 1);
        }
        List<String> items = new ArrayList<>();
        for (String item : body.split(", ")) {
            items.add(tokenWords(item.trim()));
        }
        return (set && items.size() > 1 ? "one of " : "") + String.join(", ", items);
    }

    private static String tokenWords(String item) {
        switch (item) {
            case "ID":
                return "a name";
            case "INT":
                return "an integer";
            case "FLOAT":
                return "a float";
            case "STRING":
                return "a string";
            case "<EOF>":
                return "end of file";
            default:
                return item.startsWith("'") && item.endsWith("'") && item.length() > 1
                        ? "`" + item.substring(1, item.length() - 1) + "`" : item;
        }
    }

    private static String strayHint(String text) {
        switch (text) {
            case "'":
                return "strings are written in double quotes: \"like this\"";
            case "&":
            case "&&":
                return "write `and`";
            case "|":
                return "write `or`";
            case "!":
                return "write `not`, or `!=` for \"differs\"";
            case "\u2192":
                return "write the arrow as `->`";
            case "\u2212":
            case "\u2013":
                return "write the minus sign as `-`";
            case "\u00d7":
                return "write a kernel size as `3` or `(3, 5)`, and a product as `*`";
            case "\u201c":
            case "\u201d":
            case "\u2018":
            case "\u2019":
                return "write strings in straight double quotes: \"like this\"";

            default:
                return null;
        }
    }

    private static Token previous(Token t, CommonTokenStream tokens) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = tokens.get(i);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) {
                return p;
            }
        }
        return null;
    }

    private static boolean isKeyword(Token t) {
        return t.getType() >= CnnLexer.IMPORT && t.getType() <= CnnLexer.NOT;
    }

    /** The innermost `(` before {@code t} that no `)` closes, or null. */
    private static Token unclosedParen(Token t, CommonTokenStream tokens) {
        if (t == null) {
            return null;
        }
        java.util.ArrayDeque<Token> open = new java.util.ArrayDeque<>();
        for (Token u : tokens.getTokens()) {
            if (u.getTokenIndex() >= t.getTokenIndex()) {
                break;
            }
            if (u.getType() == CnnLexer.LPAREN) {
                open.push(u);
            } else if (u.getType() == CnnLexer.RPAREN && !open.isEmpty()) {
                open.pop();
            } else if (u.getType() == CnnLexer.RBRACE || u.getType() == CnnLexer.LBRACE) {
                open.clear(); // parentheses do not span bodies
            }
        }
        return open.peek();
    }

    private static String syntaxHint(Token t, ParserRuleContext context, CommonTokenStream tokens) {
        if (t == null) {
            return null;
        }
        if (t.getType() == Token.EOF) {
            return "is a `}` or `)` missing?";
        }
        Token next = t.getTokenIndex() + 1 < tokens.size() ? tokens.get(t.getTokenIndex() + 1) : null;
        Token prev = previous(t, tokens);
        if (t.getType() == CnnLexer.ASSIGN && prev != null && isKeyword(prev)) {
            return "`" + prev.getText() + "` is a keyword of the language and cannot be used as a name";
        }
        boolean inParams = enclosing(context, CnnParser.ParamListContext.class) != null;
        if (t.getType() == CnnLexer.ASSIGN && !inParams) {
            return "named arguments are written `name: value`, e.g. conv(64, kernel: 3)";
        }
        if (t.getType() == CnnLexer.COMMA && enclosing(context, CnnParser.TrainStmtContext.class) != null
                && enclosing(context, CnnParser.ExprContext.class) == null) {
            return "`train` entries are separated by new lines or `;`, not commas";
        }
        if (t.getType() == CnnLexer.COLON && inParams) {
            return "parameter defaults are written `name = value`, e.g. model Net(classes = 10)";
        }
        if (isKeyword(t) && next != null && (next.getType() == CnnLexer.COLON || next.getType() == CnnLexer.ASSIGN)) {
            return "`" + t.getText() + "` is a keyword of the language and cannot be used as a name";
        }
        if (t.getType() == CnnLexer.ID) {
            String keyword = Suggest.closest(t.getText(), KEYWORDS);
            if (keyword != null) {
                return "did you mean `" + keyword + "`?";
            }
        }
        if (t.getType() == CnnLexer.RPAREN || t.getType() == CnnLexer.RBRACK) {
            int depth = 0;
            for (Token u : tokens.getTokens()) {
                if (u.getLine() == t.getLine() && u.getTokenIndex() <= t.getTokenIndex()) {
                    int type = u.getType();
                    depth += type == CnnLexer.LPAREN || type == CnnLexer.LBRACK ? 1
                            : type == CnnLexer.RPAREN || type == CnnLexer.RBRACK ? -1 : 0;
                }
            }
            if (depth < 0) {
                return "this `" + t.getText() + "` closes nothing opened on its line; remove it";
            }
        }
        if (t.getType() == CnnLexer.DOT && next != null && next.getType() == CnnLexer.INT
                && next.getStartIndex() == t.getStopIndex() + 1) {
            return "write a digit before the point: `0." + next.getText() + "`";
        }
        return null;
    }
}
