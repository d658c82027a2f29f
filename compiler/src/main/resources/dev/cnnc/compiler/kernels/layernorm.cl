/* Layer normalization over each sample's ${D} features: x [N, ${D}], element f = n·D + k.
 * Saved per sample: mean and invstd = 1/√(var + ε) (biased variance). γ, β [${D}]; without affine
 * (HAS_AFFINE 0) γ = 1, β = 0 and the γ, β arguments are never read. Storages (common.cl): x is
 * ${XT}, y ${YT}, dy ${DYT}, dx ${DXT} (real, or half for a mixed-precision program's activations
 * and their gradients); γ, β, their gradients, the statistics and sums are real, and so is all
 * arithmetic. */

/* One work-item per sample: mean and biased variance (two passes). */
__kernel void ${KERNEL}_stats(__global const ${XT}* x, __global real* mean, __global real* invstd) {
    const int n = get_global_id(0);
    __global const ${XT}* xn = x + n * ${D};
    real sum = (real)0;
    for (int k = 0; k < ${D}; k++) {
        sum += LOAD_${XT}(xn, k);
    }
    const real mu = sum / (real)${D};
    real sq = (real)0;
    for (int k = 0; k < ${D}; k++) {
        const real d = LOAD_${XT}(xn, k) - mu;
        sq += d * d;
    }
    mean[n] = mu;
    invstd[n] = (real)1 / sqrt(sq / (real)${D} + ${EPS});
}

/* y = γ_k · (x − mean_n) · invstd_n + β_k, one work-item per element. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global const real* mean, __global const real* invstd,
                                __global const real* gamma, __global const real* beta, __global ${YT}* y) {
    const size_t f = get_global_id(0);
    const int n = (int)(f / ${D});
    const int k = (int)(f % ${D});
    const real xhat = (LOAD_${XT}(x, f) - mean[n]) * invstd[n];
    STORE_${YT}(y, f, ${HAS_AFFINE} ? gamma[k] * xhat + beta[k] : xhat);
}

/* Per sample, with g = dy · γ: sums[2n] = Σ_k g, sums[2n + 1] = Σ_k g · x̂. */
__kernel void ${KERNEL}_backward_sums(__global const ${XT}* x, __global const ${DYT}* dy,
                                      __global const real* mean, __global const real* invstd,
                                      __global const real* gamma, __global real* sums) {
    const int n = get_global_id(0);
    const real mu = mean[n];
    const real is = invstd[n];
    real sumG = (real)0;
    real sumGXhat = (real)0;
    for (int k = 0; k < ${D}; k++) {
        const int f = n * ${D} + k;
        const real g = ${HAS_AFFINE} ? LOAD_${DYT}(dy, f) * gamma[k] : LOAD_${DYT}(dy, f);
        sumG += g;
        sumGXhat += g * (LOAD_${XT}(x, f) - mu) * is;
    }
    sums[2 * n] = sumG;
    sums[2 * n + 1] = sumGXhat;
}

/* dx += invstd_n · (g − Σg/D − x̂ · Σ(g·x̂)/D), one work-item per element. */
__kernel void ${KERNEL}_backward_input(__global const ${XT}* x, __global const ${DYT}* dy,
                                       __global const real* mean, __global const real* invstd,
                                       __global const real* gamma, __global const real* sums,
                                       __global ${DXT}* dx) {
    const size_t f = get_global_id(0);
    const int n = (int)(f / ${D});
    const int k = (int)(f % ${D});
    const real xhat = (LOAD_${XT}(x, f) - mean[n]) * invstd[n];
    const real g = ${HAS_AFFINE} ? LOAD_${DYT}(dy, f) * gamma[k] : LOAD_${DYT}(dy, f);
    STORE_${DXT}(dx, f, LOAD_${DXT}(dx, f)
            + invstd[n] * (g - sums[2 * n] / (real)${D} - xhat * sums[2 * n + 1] / (real)${D}));
}

/* dγ_k += Σ_n dy · x̂, dβ_k += Σ_n dy, one work-item per feature. */
__kernel void ${KERNEL}_backward_params(__global const ${XT}* x, __global const ${DYT}* dy,
                                        __global const real* mean, __global const real* invstd,
                                        __global real* dgamma, __global real* dbeta) {
    const int k = get_global_id(0);
    real sumDy = (real)0;
    real sumDyXhat = (real)0;
    for (int n = 0; n < ${N}; n++) {
        const int f = n * ${D} + k;
        const real d = LOAD_${DYT}(dy, f);
        sumDy += d;
        sumDyXhat += d * (LOAD_${XT}(x, f) - mean[n]) * invstd[n];
    }
    dgamma[k] += sumDyXhat;
    dbeta[k] += sumDy;
}
