/* The gradients of an element-wise sum: every input's gradient is dy (where y > 0 with the fused
 * ReLU, RELU ${RELU}, else 0), written to all of them in one pass over dy: an input whose first
 * gradient this is gets dx = g (not zeroed before), a later one dx += g (loaded, added in reals,
 * stored). Only for distinct inputs (add(a, a) takes one launch per input, add.cl, so its 2 dy do
 * not race). Storages (common.cl): dy ${DYT}, y ${MT} (dy stands in without the ReLU), each dx
 * its own (in GRAD_ARGS and GRAD_STORES). */
__kernel void ${KERNEL}_all(__global const ${DYT}* dy, __global const ${MT}* y${GRAD_ARGS}) {
    const int i = get_global_id(0);
    const real g = ${RELU} && !(LOAD_${MT}(y, i) > (real)0) ? (real)0 : LOAD_${DYT}(dy, i);
${GRAD_STORES}
}
