package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.CompilationUnit;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.grammar.CnnLexer;
import dev.cnnc.grammar.CnnParser;
import java.util.HashSet;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Text to AST. Syntax errors become diagnostics; the result is null when there were any. */
public final class SourceParser {
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
                SourceSpan span = span(file, t);
                String text = t.getText();
                String hint = text.equals("\"") ? "strings are written on one line: \"like this\"" : null;
                diagnostics.error(span, "unexpected character `" + text + "`", hint);
                reportedLines.add(t.getLine());
            }
        }

        CnnParser parser = new CnnParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int col,
                                    String msg, RecognitionException e) {
                if (reportedLines.contains(line)) {
                    return; // the lexer already reported the cause on this line
                }
                reportedLines.add(line);
                Token t = offending instanceof Token tok ? tok : null;
                SourceSpan span = t != null ? span(file, t) : new SourceSpan(file, line, col + 1, 1);
                diagnostics.error(span, syntaxMessage(t, msg), syntaxHint(t));
            }
        });
        CnnParser.FileContext tree = parser.file();
        if (diagnostics.errorCount() > before) {
            return null;
        }
        return new AstBuilder(file).build(tree);
    }

    static SourceSpan span(SourceFile file, Token t) {
        int length = t.getType() == Token.EOF ? 1 : Math.max(1, t.getText().length());
        return new SourceSpan(file, Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
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
            String what = antlrMessage.substring(at + "expecting ".length());
            if (what.length() < 80) {
                expecting = "; expected " + what.replace("'", "`");
            }
        } else if (antlrMessage.startsWith("missing ")) {
            String what = antlrMessage.substring("missing ".length());
            int sp = what.indexOf(" at ");
            expecting = "; missing " + (sp > 0 ? what.substring(0, sp) : what).replace("'", "`");
        }
        return "syntax error: unexpected " + describe(t) + expecting;
    }

    private static String syntaxHint(Token t) {
        if (t == null) {
            return null;
        }
        String text = t.getText();
        if (text.equals("=") ) {
            return "named arguments are written `name: value`, e.g. conv(64, kernel: 3)";
        }
        if (t.getType() == Token.EOF) {
            return "is a `}` or `)` missing?";
        }
        return null;
    }
}
