/**
 * Post-training int8 quantization, on the host and in plain Java: what a {@code cnnc quantize}
 * command and int8 device kernels are built on and checked against.
 *
 * <p>The scheme is TensorRT's symmetric one (PyTorch's {@code qint8} with zero point 0 and the
 * range narrowed to [-127, 127]): a real value r is represented as q·s with q an int8 and s a
 * float scale, s = amax / 127 for a clip threshold amax.
 * <ul>
 *   <li>weights: one scale per output channel, amax = max |w| over the channel
 *       ({@link dev.cnnc.train.quant.WeightQuantizer}), after batchnorm has been folded into the
 *       layer ({@link dev.cnnc.train.quant.BatchNormFold});
 *   <li>activations: one scale per tensor, amax from calibration data by max, percentile or
 *       TensorRT's entropy method ({@link dev.cnnc.train.quant.Calibrator});
 *   <li>a layer accumulates q_x·q_w in int32 (bias quantized to int32 at scale s_x·s_w[o]) and
 *       requantizes to the next layer's int8 with an integer multiplier and shift
 *       ({@link dev.cnnc.train.quant.Requantizer}); {@link dev.cnnc.train.quant.Int8Reference} is the
 *       naive integer convolution and dense layer that device kernels must match bit for bit;
 *   <li>the quantized model is a safetensors file of I8 weights and F32 scales and biases
 *       ({@link dev.cnnc.train.quant.QuantizedModel}).
 * </ul>
 */
package dev.cnnc.train.quant;
