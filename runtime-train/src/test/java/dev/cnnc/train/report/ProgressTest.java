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
        Progress p = new Progress(new PrintWriter(s), true, "epoch 1/1", 4, 5, () -> now[0]);
        for (int i = 1; i <= 4; i++) {
            now[0] = i * 1_000_000_000L;
            p.update(i, i * 10L, 0.5, 0.25);
        }
        p.finish();
        assertTrue(s.toString().contains("\repoch 1/1 [" + "=".repeat(24) + "] 4/4  loss 0.5000  acc 25.00%  10 img/s"),
                s.toString());
        assertEquals("1:01:01", Progress.time(3661));
    }
}
