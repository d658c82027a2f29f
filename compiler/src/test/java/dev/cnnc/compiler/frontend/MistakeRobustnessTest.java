package dev.cnnc.compiler.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user mistake must never surface as a Java exception. Mutates a correct model and every
 * golden error case (cut at each character, each line left out or doubled, each token left
 * out or replaced by an odd number or word) and checks that the compiler answers every variant with diagnostics, not a throw.
 */
class MistakeRobustnessTest {
    /** A correct model that touches most of the language: blocks, conditions, repetition, training. */
    static final String VALID = """
            block Basic(c, stride = 1) {
              input x
              y = x -> conv(c, 3, stride: stride, pad: 1, bias: false) as conv1 -> batchnorm as bn1 -> relu
                    -> conv(c, 3, pad: 1, bias: false) as conv2 -> batchnorm as bn2
              if stride != 1 or channels(x) != c {
                s = x -> conv(c, 1, stride: stride, bias: false) as downsample.0 -> batchnorm as downsample.1
              } else {
                s = x
              }
              output out = add(y, s) -> relu
            }

            model Small(classes = 10, width = 16) {
              input image: [3, 32, 32]
              stem = image -> conv(width, 3, pad: 1) -> batchnorm -> relu
              pooled = stem -> avgpool(2)
              att = stem -> global_avgpool -> conv(width / 4, 1) -> relu -> conv(width, 1) -> sigmoid
              output logits = mul(stem, att)
                -> Basic(width) * 2 as layer1
                -> Basic(width * 2, stride: 2) as layer2
                -> concat(pooled)
                -> dropout(0.2) -> global_avgpool -> flatten -> dense(classes, init: he_normal) as fc
              train {
                optimizer: sgd(lr: 0.1, momentum: 0.9, weight_decay: 1e-4)
                schedule: cosine
                batch: 128
                epochs: 90
                augment: [random_crop(4), hflip]
              }
            }
            """;

    private static final Path ERRORS = dev.cnnc.compiler.ErrorGoldenTestAccess.folder();

    @Test
    void theSampleIsCorrect() {
        Compilation c = new Compiler(List.of()).check("sample.cnn", VALID, null);
        assertEquals("", DiagnosticFormatter.formatAll(c.diagnostics()));
        assertEquals(1, c.models().size());
    }

    static Stream<String> sources() throws IOException {
        List<String> names = new ArrayList<>();
        names.add("sample");
        try (Stream<Path> files = Files.list(ERRORS)) {
            // Not the limit cases: thousands of tokens by design (a 3,000-long else-if chain), whose
            // every cut and every token replaced would take minutes; FrontEndFuzzTest mutates at scale.
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cnn") && !n.startsWith("limit_"))
                    .sorted().forEach(names::add);
        }
        return names.stream();
    }

    private static String text(String name) throws IOException {
        return name.equals("sample") ? VALID : Files.readString(ERRORS.resolve(name), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void noMutationThrows(String name) throws IOException {
        String text = text(name);
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            variants.add(text.substring(0, i));
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<String> without = new ArrayList<>(List.of(lines));
            without.remove(i);
            variants.add(String.join("\n", without));
            List<String> doubled = new ArrayList<>(List.of(lines));
            doubled.add(i, lines[i]);
            variants.add(String.join("\n", doubled));
        }
        Matcher m = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9._eE]*|->|\\S").matcher(text);
        while (m.find()) {
            String before = text.substring(0, m.start());
            String after = text.substring(m.end());
            variants.add(before + after);
            if (Character.isDigit(m.group().charAt(0))) {
                for (String n : List.of("0", "-3", "2.5", "99999999999", "1e308", "(2, 0)")) {
                    variants.add(before + n + after);
                }
            } else if (Character.isLetter(m.group().charAt(0))) {
                for (String w : List.of("x", "image", "conv", "Basic", "true", "[1, 2]")) {
                    variants.add(before + w + after);
                }
            }
        }
        Compiler compiler = new Compiler(List.of());
        for (String v : variants) {
            try {
                Compilation c = compiler.check("errors/" + name, v, ERRORS);
                String out = DiagnosticFormatter.formatAll(c.diagnostics());
                assertTrue(c.ok() || !out.isEmpty(), "errors must be printed");
                assertTrue(c.ok() || c.models().isEmpty(), "no graphs from a file with errors");
            } catch (RuntimeException | StackOverflowError e) {
                fail("a mutation of " + name + " threw " + e + "\n--- source:\n" + v, e);
            }
        }
    }
}
