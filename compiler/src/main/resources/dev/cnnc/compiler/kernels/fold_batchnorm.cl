/* BatchNorm folded into the preceding layer for inference (the FoldBatchNorm pass, PyTorch eval
 * semantics): per output channel f, s = gamma[f] / sqrt(running_var[f] + ${EPS}) (gamma = 1
 * without affine); w'[f, :] = w[f, :] * s over its per weights, and
 * b'[f] = (b[f] - running_mean[f]) * s + beta[f] (b = 0 without a bias, beta = 0 without affine).
 * Run before the layer in every inference pass, so the folded weights follow the parameters. The
 * sizes are arguments: a 2-D range over (weight of the channel, channel f), no division. */
__kernel void ${KERNEL}_weight(__global const real* w, __global const real* gamma, __global const real* var,
                               __global real* wf, const long per) {
    const size_t f = get_global_id(1);
    const size_t i = f * per + get_global_id(0);
    const real s = (${HAS_AFFINE} ? gamma[f] : (real)1) / sqrt(var[f] + ${EPS});
    wf[i] = w[i] * s;
}

__kernel void ${KERNEL}_bias(__global const real* b, __global const real* gamma, __global const real* beta,
                             __global const real* mean, __global const real* var, __global real* bf) {
    const size_t f = get_global_id(0);
    const real s = (${HAS_AFFINE} ? gamma[f] : (real)1) / sqrt(var[f] + ${EPS});
    bf[f] = ((${HAS_BIAS} ? b[f] : (real)0) - mean[f]) * s + (${HAS_AFFINE} ? beta[f] : (real)0);
}
