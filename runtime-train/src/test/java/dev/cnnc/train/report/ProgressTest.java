package dev.cnnc.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void plainLogLinesWhenNotATerminal() {
        StringWriter s = new StringWriter();
        long[] now = {0};
        Progress p = new Progress(new PrintWriter(s), false, "epoch 1/3", 100, 5, () -> now[0]);
        for (int i = 1; i <= 100; i++) {
            now[0] = i * 200_000_000L; // 0.2 s per batch: 20 s in all
            p.update(i, i * 64L, 1.0 / i, 0.5);
        }
        p.finish();
        String[] lines = s.toString().split("\n");
        assertEquals(3, lines.length, s.toString()); // at 5, 10, 15 s; not at the end
        assertTrue(lines[0].startsWith("epoch 1/3 25/100 batches  loss 0.0400  acc 50.00%  320 img/s  ETA 0:15"),
                lines[0]);
        assertTrue(!s.toString().contains("\r"));
    }

    @Test
    void aBarRedrawnInPlaceOnATerminal() {
        StringWriter s = new StringWriter();
        long[] now = {0};
        Progress p = new Progress(new PrintWriter(s), true, "epoch 1/1", 4, 5, () -> now[0], () -> 120);
        for (int i = 1; i <= 4; i++) {
            now[0] = i * 1_000_000_000L;
            p.update(i, i * 10L, 0.5, 0.25);
        }
        p.finish();
        assertTrue(s.toString().contains("\repoch 1/1 [" + "=".repeat(30) + "] 4/4  loss 0.5000  acc 25.00%  10 img/s"),
                s.toString());
        assertEquals("1:01:01", Progress.time(3661));
    }

    /** Issue 18, item 4: in a narrow terminal every redraw fits its line, so none scrolls a new one. */
    @Test
    void theBarFitsTheTerminalsWidth() {
        for (int columns : new int[] {70, 50, 30}) {
            StringWriter s = new StringWriter();
            long[] now = {0};
            Progress p = new Progress(new PrintWriter(s), true, "epoch 12/100", 9380, 5, () -> now[0], () -> columns);
            for (int i = 1; i <= 9380; i += 7) {
                now[0] = i * 50_000_000L;
                p.update(i, i * 64L, 2.0 / i, 0.875);
            }
            String text = s.toString();
            assertTrue(!text.contains("\n"), "redrawn in place: " + text);
            for (String line : text.split("\r")) {
                assertTrue(line.length() <= columns - 1, columns + " columns: " + line.length() + " `" + line + "`");
            }
            assertTrue(text.contains("epoch 12/100 ["), text);
        }
        StringWriter s = new StringWriter();
        Progress p = new Progress(new PrintWriter(s), true, "epoch 1/1", 4, 5, () -> 0L, () -> 70);
        assertEquals("epoch 1/1 [" + "=".repeat(15) + " ".repeat(15) + "] 2/4  loss 0.5000  acc 25.00%  1234 img/s  "
                + "ETA 1:02", p.line(120, 2, 0.5, 0.25, 1234, 62));
        // at 69 columns the images/s go first, so that the bar keeps at least 10 columns
        assertEquals("epoch 1/1 [" + "=".repeat(9) + " ".repeat(9) + "] 2/4  loss 0.5000  acc 25.00%  ETA 1:02",
                p.line(69, 2, 0.5, 0.25, 1234, 62));
        String narrow = p.line(40, 2, 0.5, 0.25, 1234, 62);
        assertTrue(narrow.length() <= 40 && narrow.startsWith("epoch 1/1 [") && narrow.contains("loss 0.5000"),
                narrow);
    }

    /** Issue 18, item 4: an interrupt ends the bar's line and says where the epoch was. */
    @Test
    void anInterruptEndsTheLine() {
        StringWriter s = new StringWriter();
        long[] now = {0};
        Progress p = new Progress(new PrintWriter(s), true, "epoch 3/10", 4, 5, () -> now[0], () -> 80);
        now[0] = 1_000_000_000L;
        p.update(2, 128, 0.5, 0.5);
        assertEquals("epoch 3/10, batch 2/4", Progress.interrupted());
        assertTrue(s.toString().endsWith("\n"), s.toString());
        assertEquals(null, Progress.interrupted(), "once");
        StringWriter quiet = new StringWriter();
        Progress plain = new Progress(new PrintWriter(quiet), false, "epoch 1/1", 4, 5, () -> 0L, () -> 80);
        plain.update(1, 64, 0.5, 0.5);
        assertEquals("epoch 1/1, batch 1/4", Progress.interrupted());
        assertEquals("", quiet.toString(), "no bar on screen, no line to end");
        plain.finish();
        assertEquals(null, Progress.interrupted(), "after the epoch, none is under way");
    }
}
