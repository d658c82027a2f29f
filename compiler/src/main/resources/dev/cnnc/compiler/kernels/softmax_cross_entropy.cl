/* Softmax cross-entropy with label smoothing ${SMOOTH}, one work-item per sample; stable (max
 * subtracted). z: [N, ${K}] logits, y: [N] labels, loss: [N] per-sample loss
 * l = -sum_k t_k log p_k with t = (1 - smoothing) onehot(y) + smoothing / ${K},
 * dz: [N, ${K}] gradient of the batch mean times the loss scale, (p - t) loss_scale / N, added
 * (loss_scale: 1, or the scale of mixed-precision training; the loss itself is not scaled). */
__kernel void ${KERNEL}_forward_backward(__global const real* z, __global const int* y,
                                         __global real* loss, __global real* dz, const int N,
                                         const real loss_scale) {
    const int n = get_global_id(0);
    __global const real* zn = z + n * ${K};
    real m = zn[0];
    for (int k = 1; k < ${K}; k++) {
        m = fmax(m, zn[k]);
    }
    real sum = (real)0;
    for (int k = 0; k < ${K}; k++) {
        sum += exp(zn[k] - m);
    }
    const real logSum = log(sum);
    const int label = y[n];
    real l = (real)0;
    for (int k = 0; k < ${K}; k++) {
        const real target = (k == label ? ${ONE_MINUS_SMOOTH} : (real)0) + ${SMOOTH_PER_CLASS};
        const real logP = zn[k] - m - logSum;
        l -= target * logP;
        dz[n * ${K} + k] += (exp(logP) - target) * (loss_scale / (real)N);
    }
    loss[n] = l;
}
