/* Convolution (groups 1) as implicit matrix products, x [N, C, ${H}, ${W}] → y [N, F, ${OH}, ${OW}],
 * stride (${SH}, ${SW}): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * ${QH} × ${QW} each, for the row phases A = {${RA}} and column phases B = {${RB}} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of ${LW} columns of one output row (${S} per row,
 * the last ${LAST} wide); ${PPV} pieces make one ${V}. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with ${SLACK} zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·${DH}][j + v·${DW}]:
 * one work-item per (c, u) × ${TF} filters × all ${KW} taps v (${TF} × ${KW} ${V} accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as ${DYT} (common.cl). */
__kernel void ${KERNEL}_weight(__global const ${DYT}* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * ${TF};
    const int g = get_global_id(2);
    const int c = cu / ${KH};
    const int u = cu % ${KH};
    const int rows[${KH}] = {${ROWS}};
${WEIGHT}
}
