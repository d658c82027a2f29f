package dev.cnnc.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cnnc.train.optim.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 18, item 6: counts read as English ("1 epoch", "losses"). */
class WordsTest {
    @Test
    void countsAndPlurals() {
        assertEquals("1 epoch", Words.count(1, "epoch"));
        assertEquals("0 epochs", Words.count(0, "epoch"));
        assertEquals("3 epochs", Words.count(3, "epoch"));
        assertEquals("losses", Words.plural("loss"));
        assertEquals("optimizers", Words.plural("optimizer"));
        assertEquals("batches", Words.plural("batch"));
    }

    @Test
    void oneWarmUpEpochIsSingular() {
        Schedule one = Schedule.of("constant", Map.of(), 0.1, 10, 1);
        Schedule two = Schedule.of("constant", Map.of(), 0.1, 10, 2);
        assertEquals(true, one.toString().endsWith("with 1 warm-up epoch"), one.toString());
        assertEquals(true, two.toString().endsWith("with 2 warm-up epochs"), two.toString());
    }
}
