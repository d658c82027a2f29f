/* Fully connected layer: x [N, ${IN}], w [${OUT}, ${IN}], b [${OUT}], y [N, ${OUT}] (N the batch: the
 * range of the kernels over samples, an argument of those that loop over it). The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x, on CPUs; direct kernels below otherwise. These kernels do the rest. */

/* wt [${IN}, ${OUT}] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void ${KERNEL}_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * ${OUT} + o] = w[o * ${IN} + i];
}

/* The direct kernels, one work-item per output element (GPUs, until the GEMM is tuned for them). */
__kernel void ${KERNEL}_forward(__global const real* x, __global const real* w, __global const real* b,
                                __global real* y${EPILOGUE_ARGS}) {
    const int u = get_global_id(0);
    const int n = get_global_id(1);
    real acc = ${HAS_BIAS} ? b[u] : (real)0;
    __global const real* xn = x + n * ${IN};
    __global const real* wu = w + u * ${IN};
    for (int i = 0; i < ${IN}; i++) {
        acc += xn[i] * wu[i];
    }
    y[n * ${OUT} + u] = ${EPILOGUE};
}

/* dx[n, i] += sum_u dy[n, u] * w[u, i] */
__kernel void ${KERNEL}_backward_input(__global const real* dy, __global const real* w, __global real* dx) {
    const int i = get_global_id(0);
    const int n = get_global_id(1);
    real acc = (real)0;
    for (int u = 0; u < ${OUT}; u++) {
        acc += dy[n * ${OUT} + u] * w[u * ${IN} + i];
    }
    dx[n * ${IN} + i] += acc;
}

/* dw[u, i] += sum_n dy[n, u] * x[n, i] */
__kernel void ${KERNEL}_backward_weight(__global const real* dy, __global const real* x, __global real* dw,
                                        const int N) {
    const int i = get_global_id(0);
    const int u = get_global_id(1);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += dy[n * ${OUT} + u] * x[n * ${IN} + i];
    }
    dw[u * ${IN} + i] += acc;
}

/* db[u] += sum_n dy[n, u]; dy stored as ${DYT} (common.cl) */
__kernel void ${KERNEL}_backward_bias(__global const ${DYT}* dy, __global real* db, const int N) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += LOAD_${DYT}(dy, n * ${OUT} + u);
    }
    db[u] += acc;
}
