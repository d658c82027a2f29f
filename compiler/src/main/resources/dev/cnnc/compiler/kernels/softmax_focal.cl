/* Focal loss, multi-class softmax form with one scalar alpha ${ALPHA} for every class and gamma
 * ${GAMMA}; one work-item per sample, stable (max subtracted). z: [N, ${K}] logits,
 * y: [N] labels, loss: [N] per-sample loss l = -alpha (1 - p_t)^gamma log p_t with
 * p = softmax(z), p_t = p_y; dz: [N, ${K}] gradient of the batch mean, added:
 *   dz_k = alpha [gamma (1 - p_t)^(gamma - 1) p_t log p_t - (1 - p_t)^gamma] (delta_ky - p_k) / N.
 * Near p_t = 1: 1 - p_t is computed as sum_{k != y} exp(z_k - m) / sum (no cancellation), log p_t
 * as -log1p(others / e_y) when p_t >= 1/2, and (1 - p_t)^(gamma - 1) log p_t as
 * (1 - p_t)^gamma (log p_t / (1 - p_t)): finite for gamma < 1, with its limit 0 at p_t == 1.
 * gamma = 0 (${HAS_GAMMA} == 0) is alpha times the cross-entropy. dz is multiplied by the loss
 * scale loss_scale (1, or the scale of mixed-precision training; the loss itself is not scaled). */
__kernel void ${KERNEL}_forward_backward(__global const real* z, __global const int* y,
                                         __global real* loss, __global real* dz, const int N,
                                         const real loss_scale) {
    const int n = get_global_id(0);
    __global const real* zn = z + n * ${K};
    const int label = y[n];
    real m = zn[0];
    for (int k = 1; k < ${K}; k++) {
        m = fmax(m, zn[k]);
    }
    real others = (real)0;
    for (int k = 0; k < ${K}; k++) {
        if (k != label) {
            others += exp(zn[k] - m);
        }
    }
    const real ey = exp(zn[label] - m);
    const real sum = ey + others;
    const real q = others / sum; /* 1 - p_t */
    const real pt = ey / sum;
    const real logPt = ey >= others ? -log1p(others / ey) : zn[label] - m - log(sum);
    const real qg = ${HAS_GAMMA} ? pow(q, ${GAMMA}) : (real)1; /* (1 - p_t)^gamma */
    loss[n] = -${ALPHA} * qg * logPt;
    /* gamma (1 - p_t)^(gamma - 1) p_t log p_t */
    const real focus = (${HAS_GAMMA} && q > (real)0) ? ${GAMMA} * qg * pt * (logPt / q) : (real)0;
    const real g = ${ALPHA} * (focus - qg) * (loss_scale / (real)N);
    for (int k = 0; k < ${K}; k++) {
        dz[n * ${K} + k] += g * (k == label ? q : -exp(zn[k] - m) / sum);
    }
}
