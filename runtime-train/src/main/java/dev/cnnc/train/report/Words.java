package dev.cnnc.train.report;

/** English for counts in messages: "1 epoch", "3 epochs", "losses". */
public final class Words {
    private Words() {
    }

    /** {@code n} and the noun, plural unless {@code n} is 1: {@code count(1, "epoch")} is "1 epoch". */
    public static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : plural(noun));
    }

    /** The plural of a regular English noun: "epoch" → "epochs", "loss" → "losses". */
    public static String plural(String noun) {
        // ("epoch", a hard ch, takes s: "epochs")
        boolean sibilant = noun.endsWith("s") || noun.endsWith("x") || noun.endsWith("sh")
                || noun.endsWith("ch") && !noun.endsWith("och");
        if (sibilant) {
            return noun + "es";
        }
        return noun + "s";
    }
}
