/* Gradient of input ${INPUT} (per-sample shape ${INPUT_SHAPE}) of a product broadcast to ${SHAPE}:
 * dx[n, j] += sum over the ${REPEAT} output elements c that read x[n, j] of
 *             dy[n, c] * prod_{k != ${INPUT}} x_k[n, c].
 * One work-item per element j of this input loops over the output elements that map to it
 * (r enumerates its broadcast dimensions), so the reduction has no race. Storages (common.cl):
 * each input its own (in INPUTS and OTHERS), dy ${DYT}, dx ${DXT}; the sum is kept in reals, and
 * dx loaded, added to and stored once. */
__kernel void ${KERNEL}_backward(${INPUTS}, __global const ${DYT}* dy, __global ${DXT}* dx) {
    const int j = get_global_id(0);
    const int n = get_global_id(1);
    real acc = (real)0;
    for (int r = 0; r < ${REPEAT}; r++) {
${COORDS}
        acc += LOAD_${DYT}(dy, n * ${OUT} + ${OUT_INDEX}) * ${OTHERS};
    }
    STORE_${DXT}(dx, n * ${SIZE} + j, LOAD_${DXT}(dx, n * ${SIZE} + j) + acc);
}
