/**
 * The independent reference every generated kernel is checked against: naive double-precision
 * Java implementations of each op of the language, forward and backward, with PyTorch's
 * semantics, on NCHW tensors whose first dimension is the batch ({@link dev.cnnc.compiler.reference.Tensor}).
 *
 * <p>One class per op family, static methods, each a plain loop over the formula in its
 * comment: {@link dev.cnnc.compiler.reference.ConvRef} (conv, separable_conv, conv_transpose),
 * {@link dev.cnnc.compiler.reference.PoolRef} (max/avg, global, adaptive, fractional pooling),
 * {@link dev.cnnc.compiler.reference.DenseRef} (dense, flatten),
 * {@link dev.cnnc.compiler.reference.ActivationRef} (element-wise activations, softmax, log_softmax),
 * {@link dev.cnnc.compiler.reference.NormRef} (batchnorm in training and inference, layernorm),
 * {@link dev.cnnc.compiler.reference.DropoutRef} (dropout and spatial dropout with explicit masks),
 * {@link dev.cnnc.compiler.reference.MergeRef} (add, mul with broadcasting, concat) and
 * {@link dev.cnnc.compiler.reference.LossRef} (cross-entropy with label smoothing, focal, Dice, IoU,
 * distillation). A backward method takes the forward's inputs and the upstream gradient
 * {@code dY} and returns the gradient of {@code Σ dY·f} with respect to every input and
 * parameter.
 *
 * <p>Why it can be trusted: every backward rule is checked against central differences of its
 * forward ({@link dev.cnnc.compiler.reference.FiniteDifference}, the {@code *RefTest} classes),
 * and every forward value and gradient against PyTorch in float64
 * ({@code TorchFixtureTest}, fixture {@code src/test/resources/reference/torch_fixtures.txt}
 * made by {@code gen_torch_fixtures.py} beside it).
 */
package dev.cnnc.compiler.reference;
