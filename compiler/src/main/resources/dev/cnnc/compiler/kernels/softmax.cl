/* Softmax (LOG = 0) or log-softmax (LOG = 1) along one axis, computed stably (max subtracted).
 * The tensor is viewed as [OUTER, ${LEN}, ${INNER}] (OUTER = batch x the dimensions before the
 * axis, INNER = the dimensions after it); one work-item per lane (inner i, outer o) loops over
 * the axis, whose elements lie ${INNER} apart. */
__kernel void ${KERNEL}_forward(__global const real* x, __global real* y) {
    const int i = get_global_id(0);
    const int o = get_global_id(1);
    const int base = o * ${LEN} * ${INNER} + i;
    real m = x[base];
    for (int k = 1; k < ${LEN}; k++) {
        m = fmax(m, x[base + k * ${INNER}]);
    }
    real sum = (real)0;
    for (int k = 0; k < ${LEN}; k++) {
        sum += exp(x[base + k * ${INNER}] - m);
    }
    if (${LOG}) {
        const real lse = m + log(sum);
        for (int k = 0; k < ${LEN}; k++) {
            y[base + k * ${INNER}] = x[base + k * ${INNER}] - lse;
        }
    } else {
        const real inv = (real)1 / sum;
        for (int k = 0; k < ${LEN}; k++) {
            y[base + k * ${INNER}] = exp(x[base + k * ${INNER}] - m) * inv;
        }
    }
}

/* From the output y: softmax dx_k += y_k (dy_k - sum_j dy_j y_j);
 * log-softmax dx_k += dy_k - exp(y_k) sum_j dy_j. */
__kernel void ${KERNEL}_backward(__global const real* y, __global const real* dy, __global real* dx) {
    const int i = get_global_id(0);
    const int o = get_global_id(1);
    const int base = o * ${LEN} * ${INNER} + i;
    real s = (real)0;
    for (int k = 0; k < ${LEN}; k++) {
        const int f = base + k * ${INNER};
        s += ${LOG} ? dy[f] : dy[f] * y[f];
    }
    for (int k = 0; k < ${LEN}; k++) {
        const int f = base + k * ${INNER};
        dx[f] += ${LOG} ? dy[f] - exp(y[f]) * s : y[f] * (dy[f] - s);
    }
}
