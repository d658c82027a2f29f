package dev.cnnc.compiler.frontend;

import dev.cnnc.grammar.CnnLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Token-level mutations of .cnn text for {@link FrontEndFuzzTest}, deterministic for a seed:
 * deleting, duplicating, swapping and moving tokens, extreme numbers (0, -1, 2^31 - 1, 2^63 - 1,
 * 1e308, ...), huge repeat counts, deep nesting, blocks that multiply, random bytes and
 * unicode, truncation. One to three mutations per mutant.
 */
final class Mutator {
    private static final String[] EXTREMES = {"0", "-1", "1", "2", "2147483647", "2147483648", "-2147483648",
        "4294967296", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e308", "1e-308",
        "1.7976931348623157e308", "0.0", "-0.0", "1e309", "46341", "65536", "10000", "10001", "3.5"};
    private static final String[] STRAY = {"\u0000", "\uFFFD", "\u2192", "\u00d7", "\u2212", "\uD83D\uDE00", "\"",
        "'", "\\", "{", "}", "(", ")", "[", "]", ",", ":", ";", "->", "*", "=", "#", "/*", ".", "..", "\t", "\r\n",
        "\u200B", "\u00A0", "\uD800", "if", "else", "block", "model", "input", "output", "train", "import", "as",
        "not", "and", "or", "true", "false"};

    private final SplittableRandom random;

    Mutator(long seed) {
        random = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A token of the text: its place and text (comments and spaces are not tokens). */
    private record Tok(int start, int end, int type, String text) {
    }

    private static List<Tok> tokens(String text) {
        CnnLexer lexer = new CnnLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Tok> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(new Tok(t.getStartIndex(), t.getStopIndex() + 1, t.getType(), t.getText()));
        }
        return out;
    }

    String mutate(String text) {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            text = once(text);
        }
        return text;
    }

    private String once(String text) {
        List<Tok> toks = tokens(text);
        if (toks.isEmpty()) {
            return text + STRAY[random.nextInt(STRAY.length)];
        }
        Tok t = toks.get(random.nextInt(toks.size()));
        switch (random.nextInt(14)) {
            case 0: // delete a token
                return text.substring(0, t.start) + text.substring(t.end);
            case 1: // duplicate a token
                return text.substring(0, t.end) + " " + t.text + text.substring(t.end);
            case 2: { // swap two tokens
                Tok u = toks.get(random.nextInt(toks.size()));
                if (u.start == t.start) {
                    return text;
                }
                Tok a = u.start < t.start ? u : t;
                Tok b = u.start < t.start ? t : u;
                return text.substring(0, a.start) + b.text + text.substring(a.end, b.start) + a.text
                        + text.substring(b.end);
            }
            case 3:
            case 4: { // a number becomes an extreme
                List<Tok> numbers = toks.stream().filter(x -> x.type == CnnLexer.INT || x.type == CnnLexer.FLOAT).toList();
                Tok x = numbers.isEmpty() ? t : numbers.get(random.nextInt(numbers.size()));
                return text.substring(0, x.start) + EXTREMES[random.nextInt(EXTREMES.length)] + text.substring(x.end);
            }
            case 5: { // a huge repeat after a stage, or a repeat count changed
                List<Tok> names = toks.stream().filter(x -> x.type == CnnLexer.ID).toList();
                Tok x = names.isEmpty() ? t : names.get(random.nextInt(names.size()));
                String count = random.nextBoolean() ? "10000" : EXTREMES[random.nextInt(EXTREMES.length)];
                return text.substring(0, x.end) + " * " + count + text.substring(x.end);
            }
            case 6: { // deep nesting around a token
                int depth = random.nextInt(4) == 0 ? 150 + random.nextInt(100) : 1 + random.nextInt(3000);
                String[][] kinds = {{"(", ")"}, {"[", "]"}, {"-", ""}, {"not ", ""}, {"max(1, ", ")"},
                    {"(x -> relu", ")"}, {"1 + ", ""}, {"if true { y = x } else ", ""}};
                String[] k = kinds[random.nextInt(kinds.length)];
                return text.substring(0, t.start) + k[0].repeat(depth) + t.text + k[1].repeat(depth)
                        + text.substring(t.end);
            }
            case 7: { // random bytes or unicode at a random place
                int at = random.nextInt(text.length() + 1);
                StringBuilder junk = new StringBuilder();
                int len = 1 + random.nextInt(4);
                for (int i = 0; i < len; i++) {
                    junk.append(random.nextBoolean() ? STRAY[random.nextInt(STRAY.length)]
                            : String.valueOf((char) random.nextInt(0x3000)));
                }
                return text.substring(0, at) + junk + text.substring(at);
            }
            case 8: // truncation
                return text.substring(0, random.nextInt(text.length() + 1));
            case 9: { // a name becomes another name of the file
                List<Tok> names = toks.stream().filter(x -> x.type == CnnLexer.ID).toList();
                if (names.size() < 2) {
                    return text;
                }
                Tok x = names.get(random.nextInt(names.size()));
                Tok y = names.get(random.nextInt(names.size()));
                return text.substring(0, x.start) + y.text + text.substring(x.end);
            }
            case 10: { // a token copied elsewhere
                Tok u = toks.get(random.nextInt(toks.size()));
                return text.substring(0, u.start) + t.text + " " + text.substring(u.start);
            }
            case 11: { // a block that multiplies: each use makes two of the one before
                StringBuilder b = new StringBuilder(text).append("\nblock Fz0 { input x\n output y = x -> relu }\n");
                int levels = 2 + random.nextInt(60);
                for (int i = 1; i <= levels; i++) {
                    b.append("block Fz").append(i).append(" { input x\n output y = x -> Fz").append(i - 1)
                            .append(" -> Fz").append(i - 1).append(random.nextBoolean() ? " * 1000" : "").append(" }\n");
                }
                return b.append("model Fz { input x: [3, 8, 8]\n output y = x -> Fz").append(levels).append(" }\n")
                        .toString();
            }
            case 12: { // a span of tokens deleted or repeated
                int from = random.nextInt(toks.size());
                int to = Math.min(toks.size() - 1, from + random.nextInt(20));
                String span = text.substring(toks.get(from).start, toks.get(to).end);
                return random.nextBoolean() ? text.substring(0, toks.get(from).start) + text.substring(toks.get(to).end)
                        : text.substring(0, toks.get(to).end) + " " + span + text.substring(toks.get(to).end);
            }
            default: { // a long flat expression or list
                int len = 1 + random.nextInt(5000);
                String sep = random.nextBoolean() ? " + " : ", ";
                StringBuilder b = new StringBuilder(random.nextBoolean() ? "[" : "(");
                for (int i = 0; i < len; i++) {
                    b.append(i == 0 ? "" : sep).append(random.nextInt(4));
                }
                b.append(b.charAt(0) == '[' ? "]" : ")");
                return text.substring(0, t.start) + b + text.substring(t.end);
            }
        }
    }
}
