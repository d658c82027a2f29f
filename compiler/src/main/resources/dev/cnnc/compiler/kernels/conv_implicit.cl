/* Convolution (groups 1) as implicit matrix products, x [N, ${C}, ${H}, ${W}] → y [N, ${F}, ${OH}, ${OW}],
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
 * rows[u]: where tap row u starts in a channel's planes. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (${UH}, ${UW}) (1, 1 normally): x holds [${C}, ${XH}, ${XW}] and
 * stands for the [${C}, ${H}, ${W}] input whose rows h and columns w are x's h / ${UH}, w / ${UW}
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void ${KERNEL}_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane, const int s0) {
    if (h < 0 || h >= ${H} || h % ${UH} != 0) {
        for (int j = 0; j < ${QW}; j++) {
            out[j] = (real)0;
        }
    } else if (${SW} * ${UW} == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (size_t)s0 * ${C} * ${XH} * ${XW} + (plane * ${XH} + h / ${UH}) * ${XW};
        for (int j = 0; j < ${PL}; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= ${W}; j += 16) {
            vstore16(vload16(0, in + j), 0, out + ${PL} + j);
        }
        for (; j < ${W}; j++) {
            out[${PL} + j] = in[j];
        }
        for (int j = ${PL} + ${W}; j < ${QW}; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (size_t)s0 * ${C} * ${XH} * ${XW} + (plane * ${XH} + h / ${UH}) * ${XW};
        for (int j = 0; j < ${QW}; j++) {
            const int w = j * ${SW} + b - ${PL};
            out[j] = w >= 0 && w < ${W} && w % ${UW} == 0 ? in[w / ${UW}] : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void ${KERNEL}_pad(__global const real* x, __global real* xp, const int s0) {
    const int ra[${NA}] = {${RA}};
    const int rb[${NB}] = {${RB}};
    const size_t row = get_global_id(0);
    const int i = row % ${QH};
    const int b = rb[(row / ${QH}) % ${NB}];
    const int a = ra[(row / (${QH} * ${NB})) % ${NA}];
    const size_t plane = row / ((size_t)${QH} * ${NB} * ${NA});
    __global real* out = xp + row * ${QW};
    ${KERNEL}_pad_row(x, out, i * ${SH} + a - ${PT}, b, plane, s0);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < ${SLACK}; j++) {
            out[${QW} + j] = (real)0;
        }
    }
}

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·${DH}][j + v·${DW}]:
 * one work-item per (c, u) × ${TF} filters × all ${KW} taps v (${TF} × ${KW} ${V} accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. */
__kernel void ${KERNEL}_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * ${TF};
    const int g = get_global_id(2);
    const int c = cu / ${KH};
    const int u = cu % ${KH};
    const int rows[${KH}] = {${ROWS}};
${WEIGHT}
}
