/* Element-wise activation: y = f(x), dx += dy * f'(x). `v` is the input, `out` the output. */
__kernel void ${KERNEL}_forward(__global const real* x, __global real* y) {
    const size_t i = get_global_id(0);
    const real v = x[i];
    y[i] = ${FORWARD};
}

__kernel void ${KERNEL}_backward(__global const real* x, __global const real* y,
                                 __global const real* dy, __global real* dx) {
    const size_t i = get_global_id(0);
    const real v = x[i];
    const real out = y[i];
    dx[i] += dy[i] * (${DERIVATIVE});
}
