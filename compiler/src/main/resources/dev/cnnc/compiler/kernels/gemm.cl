/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < ${ZSUM}} Σ_{k < ${K}} A[z][y][m·${SAM} + k·${SAK}] · B[z][y][k·${LDB} + n],
 * for m < ${M}, n < ${N}, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A ${AZ}/${AY},
 * B ${BZ}/${BY}, C ${CZ}; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a ${TM} × ${TN} tile with ${TM} × ${TN}/16 ${V} accumulators, so the inner
 * loop is ${TN}/16 vector loads of B and ${TM} broadcasts of A feeding ${TM} × ${TN}/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A ${AT}, B ${BT}, C ${CT}; the sums are in the accumulators' type either way.
 *
 * Product ${SHAPE}; tiling ${TILING}. */
__kernel void ${KERNEL}_gemm(__global const ${AT}* A, const long a_off, __global const ${BT}* B, const long b_off,
                             __global ${CT}* C, const long c_off, __global const real* bias${EPILOGUE_ARGS},
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * ${TM};
    const int n0 = get_global_id(1) * ${TN};
    const int z = get_global_id(2);
    __global const ${AT}* Az = A + a_off + (size_t)z * ${AZ};
    __global const ${BT}* Bz = B + b_off + (size_t)z * ${BZ};
    __global ${CT}* Cz = C + c_off + (size_t)z * ${CZ};
${BODY}
}
