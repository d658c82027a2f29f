/**
 * The host side of optimization: learning-rate {@link dev.cnnc.train.optim.Schedule}s,
 * parameter {@link dev.cnnc.train.optim.Initializers} from a {@link dev.cnnc.train.optim.SeededRandom},
 * and {@link dev.cnnc.train.optim.StepVariables}, what the host sets and runs around the
 * device's optimizer phases (gradient accumulation and clipping included).
 */
package dev.cnnc.train.optim;
