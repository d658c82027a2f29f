package dev.cnnc.compiler.ast;

import dev.cnnc.compiler.diag.SourceSpan;
import java.util.List;

/**
 * {@code head [as name] -> stage -> stage ...}: the value of {@code head} flows through
 * each stage in turn.
 */
public record Chain(Expr head, LayerName headAlias, List<Stage> stages, SourceSpan span) {
    public Chain {
        stages = List.copyOf(stages);
    }

    /**
     * One stage: an operation or block with its arguments, optionally repeated
     * ({@code Block(64) * 3}) and named ({@code as layer1}).
     */
    public record Stage(Expr.Call call, Expr repeat, LayerName alias) {
    }

    /** A layer name given with {@code as}: dotted parts such as {@code downsample.0}. */
    public record LayerName(String text, SourceSpan span) {
    }
}
