/* Partial batch statistics of a convolution's output y [N, C, P] for the batchnorm that reads
 * it (FuseBatchNormStatistics): out[3·(n·C + c) + {0, 1, 2}] = the count, mean and sum of squared
 * deviations from that mean (M2) of y[n][c][·]. The batchnorm merges the samples' (batchnorm.cl).
 * The sizes are arguments: every convolution shares these kernels. */

/* From T tiles' partials, tiles[3·((n·C + c)·T + t) + {0, 1, 2}] as above, merged in order
 * t = 0, 1, … (Chan et al.): with δ = mean_b − mean, mean ← mean + δ·n_b/(n + n_b),
 * M2 ← M2 + M2_b + δ²·n·n_b/(n + n_b). One work-item per (n, c). */
__kernel void ${KERNEL}_tiles(__global const real* tiles, __global real* out, const int T) {
    const size_t b = get_global_id(0);
    __global const real* p = tiles + 3 * b * T;
    real n = p[0];
    real m = p[1];
    real q = p[2];
    for (int t = 1; t < T; t++) {
        __global const real* g = p + 3 * t;
        const real s = n + g[0];
        const real d = g[1] - m;
        m += d * g[0] / s;
        q += g[2] + d * d * n * g[0] / s;
        n = s;
    }
    out[3 * b] = n;
    out[3 * b + 1] = m;
    out[3 * b + 2] = q;
}

/* From y itself, when the convolution's kernels do not gather them (direct kernels, 1×1 GEMMs):
 * one work-item per (n, c), two passes over its P values (in ${V} vectors when P is a multiple
 * of 16). y is stored as ${YT} (common.cl): the statistics are those of the stored values. */
__kernel void ${KERNEL}_blocks(__global const ${YT}* y, __global real* out, const int P) {
    const size_t b = get_global_id(0);
    __global const ${YT}* yb = y + b * P;
    real s = (real)0;
    if (P % 16 == 0) {
        ${V} acc = (${V})0;
        for (int i = 0; i < P; i += 16) {
            acc += VLOAD16_${YT}(yb, i);
        }
        real l[16];
        vstore16(acc, 0, l);
        for (int i = 0; i < 16; i++) {
            s += l[i];
        }
    } else {
        for (int i = 0; i < P; i++) {
            s += LOAD_${YT}(yb, i);
        }
    }
    const real m = s / (real)P;
    real q = (real)0;
    for (int i = 0; i < P; i++) {
        const real d = LOAD_${YT}(yb, i) - m;
        q += d * d;
    }
    out[3 * b] = (real)P;
    out[3 * b + 1] = m;
    out[3 * b + 2] = q;
}
