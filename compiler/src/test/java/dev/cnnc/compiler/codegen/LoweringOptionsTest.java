package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Lowering.Options} built by name: the defaults, every setting reaching its field, and the checks. */
class LoweringOptionsTest {
    private static final GemmTiling TILING = new GemmTiling(4, 1, 8);

    @Test
    void unnamedSettingsTakeTheDefaults() {
        Lowering.Options o = Lowering.Options.builder().batch(3).build();
        assertEquals(3, o.batch());
        assertEquals(Precision.FP32, o.precision());
        assertFalse(o.training());
        assertFalse(o.inputGradients());
        assertNull(o.lossFunction());
        assertFalse(o.loss());
        assertTrue(o.planMemory());
        assertTrue(o.inPlace());
        assertTrue(o.matrixKernels());
        assertEquals(Tuning.CPU, o.tuning());
        assertEquals(0, o.checkpointSegments());
        assertEquals(o, Lowering.Options.inference(3, Precision.FP32));
    }

    @Test
    void everySettingReachesItsField() {
        Tuning tuning = Tuning.defaults(true).with("M=1 N=2 K=3 batches=1 sums=1 A=rows", TILING);
        LossLowering.Loss focal = LossLowering.Loss.focal(0.25, 2);
        Lowering.Options o = Lowering.Options.builder().checkpointSegments(4).tuning(tuning).matrixKernels(false)
                .inPlace(false).planMemory(false).loss(focal).inputGradients(true).training(true)
                .precision(Precision.FP64).batch(16).build();
        assertEquals(new Lowering.Options(16, Precision.FP64, true, true, focal, false, false, false, tuning, 4,
                java.util.Map.of()), o);
        assertEquals(o, o.toBuilder().build(), "toBuilder keeps every setting");
        assertEquals(Lowering.Options.training(16, Precision.FP64, focal), Lowering.Options.builder().batch(16)
                .precision(Precision.FP64).training(true).loss(focal).build());
    }

    @Test
    void withMethodsChangeOneSettingOnly() {
        Lowering.Options base = Lowering.Options.training(8, Precision.FP32);
        assertEquals(base.toBuilder().planMemory(false).build(), base.withPlanMemory(false));
        assertEquals(base.toBuilder().inPlace(false).build(), base.withInPlace(false));
        assertEquals(base.toBuilder().matrixKernels(false).build(), base.withMatrixKernels(false));
        assertEquals(base.toBuilder().checkpointSegments(3).build(), base.withCheckpointSegments(3));
        assertEquals(Tuning.defaults(true), base.withTuning(Tuning.defaults(true)).tuning());
        assertEquals(base, base.withCheckpointSegments(3).withCheckpointSegments(0));
    }

    @Test
    void theChecksRunWhateverWayTheOptionsAreMade() {
        assertEquals("batch must be at least 1: 0", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.builder().build()).getMessage(), "a batch never set");
        assertEquals("batch must be at least 1: -2", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.builder().batch(-2).build()).getMessage());
        assertEquals("checkpoint segments must be at least 0: -1", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.training(2, Precision.FP32).withCheckpointSegments(-1)).getMessage());
        assertEquals("checkpointing is only lowered for training", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.builder().batch(2).checkpointSegments(2).build()).getMessage());
        assertEquals("a loss is only lowered for training", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.builder().batch(2).loss(LossLowering.Loss.crossEntropy(0)).build())
                .getMessage());
        assertEquals("a loss is only lowered for training", assertThrows(IllegalArgumentException.class,
                () -> Lowering.Options.training(2, Precision.FP32).toBuilder().training(false).build()).getMessage(),
                "turning training off keeps the loss, which is then refused");
        assertEquals("tuning", assertThrows(NullPointerException.class,
                () -> Lowering.Options.builder().batch(1).tuning(null).build()).getMessage());
        assertEquals("precision", assertThrows(NullPointerException.class,
                () -> Lowering.Options.builder().batch(1).precision(null).build()).getMessage());
        // One segment is no checkpointing, legal for inference as 0 is.
        assertEquals(1, Lowering.Options.builder().batch(2).checkpointSegments(1).build().checkpointSegments());
    }
}
