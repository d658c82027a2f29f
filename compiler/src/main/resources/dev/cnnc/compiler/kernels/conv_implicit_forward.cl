/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, ${C}, …] → y [N, ${F}, ${OH}, ${OW}], planes of
 * ${QH} × ${QW}, output rows in pieces of ${LW} columns, ${S} per row, the last ${LAST} wide, ${PPV} to a
 * ${V}). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [${F}, ${K}]: one work-item
 * computes ${TM} filters × ${PPT} pieces (${TN} lanes) with ${TM} × ${NV} ${V} accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product ${SHAPE}. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as ${YT} (common.cl). */
__kernel void ${KERNEL}_forward(__global const real* A, __global const real* xp, __global ${YT}* Y, const long y_off${BIAS_ARGS}${EPILOGUE_ARGS}${STATS_ARGS}) {
    const int m0 = get_global_id(0) * ${TM};
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * ${C} * ${PLANE};
    __global ${YT}* Yz = Y + y_off + (size_t)z * ${F} * ${OHW};
${FORWARD}
}
