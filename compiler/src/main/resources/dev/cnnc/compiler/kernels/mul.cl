/* Element-wise product of ${COUNT} inputs broadcast to the per-sample output shape ${SHAPE}:
 * y[n, c] = prod_k x_k[n, c with x_k's size-1 dimensions at 0]. One work-item per output
 * element (f: its index within the sample, n: the sample); c0, c1, ... are its coordinates.
 * Storages (common.cl): each input its own (in INPUTS and PRODUCT), y ${YT}; the product is
 * taken in reals. */
__kernel void ${KERNEL}_forward(${INPUTS}, __global ${YT}* y) {
    const int f = get_global_id(0);
    const int n = get_global_id(1);
${COORDS}
    STORE_${YT}(y, n * ${OUT} + f, ${PRODUCT});
}
