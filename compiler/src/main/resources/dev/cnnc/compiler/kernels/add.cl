/* Element-wise sum of ${COUNT} inputs of one shape: y = x0 + x1 + ..., one work-item per element. */
__kernel void ${KERNEL}_forward(${INPUTS}, __global real* y) {
    const int i = get_global_id(0);
    y[i] = ${SUM};
}

/* Every input's gradient is dy: dx += dy, launched once per input that needs a gradient (one
 * after another, so an input used twice, add(a, a), receives 2 dy without a race). */
__kernel void ${KERNEL}_backward(__global const real* dy, __global real* dx) {
    const int i = get_global_id(0);
    dx[i] += dy[i];
}
