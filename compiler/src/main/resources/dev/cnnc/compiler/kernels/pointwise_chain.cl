/* A chain of element-wise activations in one kernel (the FuseElementwise pass): y = f_n(... f_1(x)),
 * one work-item per element. The backward recomputes the values between the functions from x
 * (t0 = x, t1 = f_1(t0), ...) rather than storing them, and multiplies the derivatives, each an
 * expression of its input `v` and output `out`: dx += dy * f_n'(t_{n-1}) * ... * f_1'(t0). */
__kernel void ${KERNEL}_forward(__global const real* x, __global real* y) {
    const size_t i = get_global_id(0);
    real v = x[i];
${FORWARD}    y[i] = v;
}

__kernel void ${KERNEL}_backward(__global const real* x, __global const real* dy, __global real* dx) {
    const size_t i = get_global_id(0);
    const real t0 = x[i];
${VALUES}    real g = dy[i];
${DERIVATIVES}    dx[i] += g;
}
