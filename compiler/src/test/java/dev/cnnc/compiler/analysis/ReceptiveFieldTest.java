package dev.cnnc.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receptive fields and jumps from the seed: {@code RF_l = RF_{l−1} + (K_eff − 1)·J_{l−1}},
 * {@code J_l = J_{l−1}·s_l}, {@code RF_0 = J_0 = 1}; every expected value is worked by hand in
 * the comments.
 */
class ReceptiveFieldTest {

    static Graph graph(String source) {
        Compilation c = new Compiler(List.of()).check("rf.cnn", source, null);
        if (!c.ok()) {
            throw new AssertionError("errors in\n" + source + "\n" + DiagnosticFormatter.formatAll(c.diagnostics()));
        }
        return c.model(null);
    }

    static LayerRow row(ModelReport r, String name) {
        LayerRow row = r.rows().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        assertNotNull(row, "no row " + name);
        return row;
    }

    /** Asserts field and jump per axis. */
    static void rf(ModelReport r, String layer, double fh, double fw, double jh, double jw) {
        ReceptiveField f = row(r, layer).field();
        assertNotNull(f, layer);
        assertEquals(List.of(fh, fw, jh, jw), List.of(f.fieldH(), f.fieldW(), f.jumpH(), f.jumpW()),
                "field and jump (h, w, jump h, jump w) of " + layer);
    }

    static void rf(ModelReport r, String layer, double field, double jump) {
        rf(r, layer, field, field, jump, jump);
    }

    @Test
    void plainChain() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [1, 32, 32]
                  output y = x -> conv(4, 3) as a -> conv(4, 3, stride: 2) as b -> conv(4, 3) as c
                    -> maxpool(2) as p -> conv(4, 1) as d -> relu as e
                }
                """), 1);
        rf(r, "x", 1, 1);
        rf(r, "a", 3, 1);              // 1 + 2·1
        rf(r, "b", 5, 2);              // 3 + 2·1, J 1·2
        rf(r, "c", 9, 2);              // 5 + 2·2
        rf(r, "p", 11, 4);             // stride defaults to the kernel: 9 + 1·2, J 2·2
        rf(r, "d", 11, 4);             // a 1x1 kernel adds nothing
        rf(r, "e", 11, 4);             // point-wise
    }

    @Test
    void dilationUsesTheEffectiveKernel() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [1, 64, 64]
                  output y = x -> conv(4, 3, pad: same) as d1 -> conv(4, 3, dilation: 2, pad: same) as d2
                    -> conv(4, 3, dilation: 4, pad: same) as d4 -> maxpool(3, stride: 2, dilation: 2) as p
                }
                """), 1);
        rf(r, "d1", 3, 1);             // K_eff 3
        rf(r, "d2", 7, 1);             // K_eff 1 + 2·2 = 5: 3 + 4
        rf(r, "d4", 15, 1);            // K_eff 1 + 2·4 = 9: 7 + 8
        rf(r, "p", 19, 2);             // K_eff 5: 15 + 4·1, J 2
    }

    @Test
    void nonSquareKernelsAndStrides() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [1, 40, 40]
                  output y = x -> conv(4, (3, 7), stride: (2, 1)) as a -> conv(4, (1, 3), stride: (1, 3)) as b
                    -> avgpool((2, 3)) as p
                }
                """), 1);
        rf(r, "a", 3, 7, 2, 1);
        rf(r, "b", 3, 9, 2, 3);        // h: 3 + 0·2; w: 7 + 2·1, J 1·3
        rf(r, "p", 5, 15, 4, 9);       // h: 3 + 1·2, J 2·2; w: 9 + 2·3, J 3·3
        assertEquals("5x15", row(r, "p").field().fieldText());
        assertEquals("4x9", row(r, "p").field().jumpText());
    }

    /** A residual block: add takes the larger field and jump of its inputs. */
    @Test
    void residualDagTakesTheLargestInput() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [8, 32, 32]
                  y = x -> conv(16, 3, stride: 2, pad: 1) as c1 -> conv(16, 3, pad: 1) as c2
                  s = x -> conv(16, 1, stride: 2) as short
                  z = add(y, s) as sum
                  w = concat(z, s) as cat
                  output out = w -> conv(8, 3, pad: 1) as c3
                }
                """), 1);
        rf(r, "c1", 3, 2);
        rf(r, "c2", 7, 2);             // 3 + 2·2
        rf(r, "short", 1, 2);
        rf(r, "sum", 7, 2);            // max(7, 1)
        rf(r, "cat", 7, 2);
        rf(r, "c3", 11, 2);            // 7 + 2·2
    }

    /** A transposed conv divides the jump by its stride before widening the field. */
    @Test
    void transposedConvolutionMakesJumpsFractional() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [1, 8, 8]
                  output y = x -> conv(4, 3, stride: 2, pad: 1) as down -> conv_transpose(4, 2, stride: 2) as up
                    -> conv_transpose(4, 3, stride: 2, pad: 1, output_padding: 1) as up2 -> conv(4, 3, pad: 1) as c
                }
                """), 1);
        rf(r, "down", 3, 2);
        rf(r, "up", 4, 1);             // J 2/2 = 1: 3 + 1·1
        rf(r, "up2", 5, 0.5);          // J 1/2: 4 + 2·0.5
        rf(r, "c", 6, 0.5);            // 5 + 2·0.5
        assertEquals("0.5", row(r, "c").field().jumpText());
    }

    /** Fractions are exact: 1 + 3·(7/3) is 8, not 7.999999999999999 (and never prints as "8."). */
    @Test
    void fractionalJumpsAreExact() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [1, 8, 8]
                  output y = x -> conv_transpose(4, 1, stride: 3) as up -> conv(4, 1, stride: 7) as down
                    -> conv(4, 4) as c
                }
                """), 1);
        rf(r, "up", 1, 1.0 / 3);
        rf(r, "down", 1, 7.0 / 3);
        rf(r, "c", 8, 7.0 / 3);
        assertEquals("8", row(r, "c").field().fieldText());
        assertEquals("2.333", row(r, "c").field().jumpText());
        String json = ReportFormat.json(r, null);
        assertEquals(true, json.contains("\"receptive_field\": [8, 8], \"jump\": [2.3333333333333335, 2.3333333333333335]"),
                json);
    }

    @Test
    void numberTextNeverEndsInAPoint() {
        assertEquals("2", ReceptiveField.number(1.9999999999999998));
        assertEquals("2", ReceptiveField.number(2.0001));
        assertEquals("0.333", ReceptiveField.number(1.0 / 3));
        assertEquals("0.25", ReceptiveField.number(0.25));
        assertEquals("435", ReceptiveField.number(435));
        assertEquals("3x5", ReceptiveField.text(3, 5));
    }

    /** Global pooling sees the whole map: RF + (H − 1)·J, J·H; so does dense after flatten. */
    @Test
    void globalOpsAndVectors() {
        ModelReport r = ModelReport.of(graph("""
                model M {
                  input x: [3, 16, 12]
                  input v: [10]
                  a = x -> conv(4, 3, stride: 2) as c -> global_avgpool as g -> flatten as f -> dense(5) as d
                  b = x -> adaptive_avgpool((2, 3)) as ad
                  _u = x -> fractional_maxpool(2, output_size: (5, 4)) as fr
                  output o1 = a
                  output o2 = b
                  output o3 = v -> dense(3) as dv
                }
                """), 1);
        rf(r, "c", 3, 2);              // out 7x5
        rf(r, "g", 3 + 6 * 2, 3 + 4 * 2, 14, 10);
        rf(r, "f", 15, 11, 14, 10);    // [4, 1, 1] flattens: a 1x1 map adds nothing
        rf(r, "d", 15, 11, 14, 10);    // dense on a vector keeps its input's field
        rf(r, "ad", 8, 4, 8, 4);       // kernel ⌈16/2⌉ x ⌈12/3⌉, stride ⌊16/2⌋ x ⌊12/3⌋
        rf(r, "fr", 2, 2, 3, 3);       // kernel 2, mean stride ⌊16/5⌋ x ⌊12/4⌋
        assertNull(row(r, "v").field(), "vectors have no spatial field");
        assertNull(row(r, "dv").field());
    }

    /** VGG-16's conv stack: 196 after conv5_3, 212 after pool5 (the published values). */
    @Test
    void vgg16Stack() {
        ModelReport r = ModelReport.of(graph("""
                block Stage(c, n) {
                  input x
                  output y = x -> conv(c, 3, pad: 1) * n as conv -> maxpool(2) as pool
                }
                model VGG16Features {
                  input image: [3, 224, 224]
                  output maps = image -> Stage(64, 2) as s1 -> Stage(128, 2) as s2 -> Stage(256, 3) as s3
                    -> Stage(512, 3) as s4 -> Stage(512, 3) as s5
                }
                """), 1);
        rf(r, "s1.conv.1", 5, 1);
        rf(r, "s1.pool", 6, 2);
        rf(r, "s2.pool", 16, 4);       // 6 + 2·2 + 2·2 = 14, + 1·2
        rf(r, "s3.pool", 44, 8);       // 16 + 3·2·4 = 40, + 1·4
        rf(r, "s4.pool", 100, 16);     // 44 + 3·2·8 = 92, + 1·8
        rf(r, "s5.conv.2", 196, 16);   // 100 + 3·2·16
        rf(r, "s5.pool", 212, 32);
        assertEquals(14_714_688, r.parameters(), "torchvision vgg16().features");
    }

    static final String RESNET18 = """
            block Basic(c, stride = 1) {
              input x
              y = x -> conv(c, 3, stride: stride, pad: 1, bias: false) as conv1 -> batchnorm as bn1 -> relu
                    -> conv(c, 3, pad: 1, bias: false) as conv2 -> batchnorm as bn2
              if stride != 1 or channels(x) != c {
                s = x -> conv(c, 1, stride: stride, bias: false) as downsample.0 -> batchnorm as downsample.1
              } else {
                s = x
              }
              output out = add(y, s) as add -> relu as out
            }

            model ResNet18(classes = 1000) {
              input image: [3, 224, 224]
              output logits = image
                -> conv(64, 7, stride: 2, pad: 3, bias: false) as conv1 -> batchnorm as bn1 -> relu
                -> maxpool(3, stride: 2, pad: 1) as maxpool
                -> Basic(64) * 2 as layer1
                -> Basic(128, stride: 2) as layer2.0 -> Basic(128) as layer2.1
                -> Basic(256, stride: 2) as layer3.0 -> Basic(256) as layer3.1
                -> Basic(512, stride: 2) as layer4.0 -> Basic(512) as layer4.1
                -> global_avgpool as avgpool -> flatten -> dense(classes) as fc
            }
            """;

    /** ResNet-18: the field of layer4's output is 435 pixels (jump 32). */
    @Test
    void resnet18() {
        ModelReport r = ModelReport.of(graph(RESNET18), 1);
        rf(r, "conv1", 7, 2);
        rf(r, "maxpool", 11, 4);       // 7 + 2·2
        rf(r, "layer1.1.out", 43, 4);  // four 3x3 convs: 11 + 4·2·4
        rf(r, "layer2.0.conv1", 51, 8);
        rf(r, "layer2.0.downsample.0", 43, 8);
        rf(r, "layer2.0.add", 67, 8);  // max(51 + 2·8, 43)
        rf(r, "layer2.1.out", 99, 8);
        rf(r, "layer3.1.out", 211, 16);
        rf(r, "layer4.0.out", 307, 32);
        rf(r, "layer4.1.out", 435, 32);
        rf(r, "avgpool", 435 + 6 * 32, 224);
        assertEquals(11_689_512, r.parameters(), "torchvision resnet18()");
        assertEquals(9_620, r.bufferElements(), "torchvision resnet18() buffers");
    }
}
