/* The gradients of an element-wise sum: every input's gradient is dy (where y > 0 with the fused
 * ReLU, RELU ${RELU}, else 0), written to all of them in one pass over dy: an input whose first
 * gradient this is gets dx = g (not zeroed before), a later one dx += g. Only for distinct
 * inputs (add(a, a) takes one launch per input, add.cl, so its 2 dy do not race). */
__kernel void ${KERNEL}_all(__global const real* dy, __global const real* y${GRAD_ARGS}) {
    const int i = get_global_id(0);
    const real g = ${RELU} && !(y[i] > (real)0) ? (real)0 : dy[i];
${GRAD_STORES}
}
