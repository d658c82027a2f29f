/* One input of a concatenation: x [OUTER, len, INNER] is the slice of len starting at offset of
 * y [OUTER, total, INNER] along the axis (OUTER = batch x the dimensions before it, INNER = the
 * dimensions after it). The sizes are arguments, as runs of whole INNER: slice = len·INNER,
 * row = total·INNER, at = offset·INNER, so one kernel serves every concatenation with these
 * storages (common.cl: x ${XT}, y ${YT}, dy ${DYT}, dx ${DXT}; the inputs of one concatenation
 * may differ). A 2-D range: dimension 0 the element e of the slice, dimension 1 the outer index o;
 * no division. The slices of different inputs do not overlap, so every element of y is written once. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y, const long slice, const long row,
                                const long at) {
    const size_t e = get_global_id(0);
    const size_t o = get_global_id(1);
    STORE_${YT}(y, o * row + at + e, LOAD_${XT}(x, o * slice + e));
}

/* dx += the slice of dy this input was copied to. */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global ${DXT}* dx, const long slice, const long row,
                                 const long at) {
    const size_t e = get_global_id(0);
    const size_t o = get_global_id(1);
    const size_t d = o * slice + e;
    STORE_${DXT}(dx, d, LOAD_${DXT}(dx, d) + LOAD_${DYT}(dy, o * row + at + e));
}
