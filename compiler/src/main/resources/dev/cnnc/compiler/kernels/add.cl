/* Element-wise sum of ${COUNT} inputs of one shape: y = x0 + x1 + ..., one work-item per element;
 * with a fused ReLU (RELU 1, the FuseRelu pass) y = max(0, x0 + x1 + ...). */
__kernel void ${KERNEL}_forward(${INPUTS}, __global real* y) {
    const int i = get_global_id(0);
    const real s = ${SUM};
    y[i] = ${RELU} ? fmax(s, (real)0) : s;
}

/* Every input's gradient is dy (where y > 0 with the fused ReLU, else 0): dx += dy, launched once
 * per input that needs a gradient (one after another, so an input used twice, add(a, a),
 * receives 2 dy without a race). */
__kernel void ${KERNEL}_backward(__global const real* dy, __global const real* y, __global real* dx) {
    const int i = get_global_id(0);
    dx[i] += ${RELU} && !(y[i] > (real)0) ? (real)0 : dy[i];
}

/* The same for the first gradient written to an input (its last consumer): dx = …, not zeroed before. */
__kernel void ${KERNEL}_backward_first(__global const real* dy, __global const real* y, __global real* dx) {
    const int i = get_global_id(0);
    dx[i] = ${RELU} && !(y[i] > (real)0) ? (real)0 : dy[i];
}
