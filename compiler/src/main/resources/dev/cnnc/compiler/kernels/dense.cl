/* Fully connected layer: x [N, ${IN}], w [${OUT}, ${IN}], b [${OUT}], y [N, ${OUT}]. The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x. These kernels do the rest. */

/* wt [${IN}, ${OUT}] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void ${KERNEL}_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * ${OUT} + o] = w[o * ${IN} + i];
}

/* db[u] += sum_n dy[n, u] */
__kernel void ${KERNEL}_backward_bias(__global const real* dy, __global real* db) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < ${N}; n++) {
        acc += dy[n * ${OUT} + u];
    }
    db[u] += acc;
}
