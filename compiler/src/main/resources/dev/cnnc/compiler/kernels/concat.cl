/* One input of a concatenation: x [OUTER, ${LEN}, ${INNER}] is the slice of ${LEN} starting at ${OFFSET}
 * of y [OUTER, ${TOTAL}, ${INNER}] along the axis (OUTER = batch x the dimensions before it,
 * INNER = the dimensions after it). One work-item per element of x; the slices of different
 * inputs do not overlap, so every element of y is written once. */
__kernel void ${KERNEL}_forward(__global const real* x, __global real* y) {
    const int e = get_global_id(0);
    const int o = e / (${LEN} * ${INNER});
    const int r = e % (${LEN} * ${INNER});
    y[o * ${TOTAL} * ${INNER} + ${OFFSET} * ${INNER} + r] = x[e];
}

/* dx += the slice of dy this input was copied to. */
__kernel void ${KERNEL}_backward(__global const real* dy, __global real* dx) {
    const int e = get_global_id(0);
    const int o = e / (${LEN} * ${INNER});
    const int r = e % (${LEN} * ${INNER});
    dx[e] += dy[o * ${TOTAL} * ${INNER} + ${OFFSET} * ${INNER} + r];
}
