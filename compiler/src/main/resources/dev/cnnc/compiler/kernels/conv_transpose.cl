/* Transposed 2-D convolution (PyTorch ConvTranspose2d), NCHW:
 *   x [${N}, ${C}, ${H}, ${W}], w [${C}, ${FG}, ${KH}, ${KW}], b [${F}], y [${N}, ${F}, ${OH}, ${OW}];
 *   ${G} groups of ${CG} input channels and ${FG} filters; stride (${SH}, ${SW}); padding (${PH}, ${PW});
 *   dilation (${DH}, ${DW}) (output_padding only shows in OH, OW).
 *
 * Each input element spreads over a kernel-sized patch of the output (g = c / CG the group of c):
 *   y[n, g*FG + fi, h*SH - PH + u*DH, xw*SW - PW + v*DW] += x[n,c,h,xw] * w[c,fi,u,v],  then y += b[f]
 * with terms that fall outside the output dropped. This is the adjoint of conv2d with the same
 * geometry. Every kernel gathers (one work-item per element written, no atomics); the backward
 * kernels add into their gradients (+=). */

/* One work-item per output element y[n, f, i, j]: the inputs (h, xw) and taps (u, v) with
 * i = h*SH - PH + u*DH, i.e. h = (i + PH - u*DH) / SH when that is a whole number in [0, H); likewise xw. */
__kernel void ${KERNEL}_forward(__global const real* x, __global const real* w, __global const real* b,
                                __global real* y) {
    const int idx = get_global_id(0);
    const int j = idx % ${OW};
    const int i = (idx / ${OW}) % ${OH};
    const int f = (idx / (${OW} * ${OH})) % ${F};
    const int n = idx / (${OW} * ${OH} * ${F});
    const int g = f / ${FG};
    const int fi = f % ${FG};
    real acc = ${HAS_BIAS} ? b[f] : (real)0;
    for (int ci = 0; ci < ${CG}; ci++) {
        const int c = g * ${CG} + ci;
        __global const real* xc = x + (n * ${C} + c) * ${H} * ${W};
        __global const real* wc = w + (c * ${FG} + fi) * ${KH} * ${KW};
        for (int u = 0; u < ${KH}; u++) {
            const int th = i + ${PH} - u * ${DH};
            if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${H}) {
                continue;
            }
            const int h = th / ${SH};
            for (int v = 0; v < ${KW}; v++) {
                const int tw = j + ${PW} - v * ${DW};
                if (tw < 0 || tw % ${SW} != 0 || tw / ${SW} >= ${W}) {
                    continue;
                }
                acc += xc[h * ${W} + tw / ${SW}] * wc[u * ${KW} + v];
            }
        }
    }
    y[idx] = acc;
}

/* One work-item per input element: dx[n,c,h,xw] += sum_{fi,u,v} w[c,fi,u,v] * dy[n, g*FG + fi, i, j]
 * over the output positions i = h*SH - PH + u*DH, j = xw*SW - PW + v*DW inside the output. */
__kernel void ${KERNEL}_backward_input(__global const real* dy, __global const real* w, __global real* dx) {
    const int idx = get_global_id(0);
    const int xw = idx % ${W};
    const int h = (idx / ${W}) % ${H};
    const int c = (idx / (${W} * ${H})) % ${C};
    const int n = idx / (${W} * ${H} * ${C});
    const int g = c / ${CG};
    real acc = (real)0;
    for (int fi = 0; fi < ${FG}; fi++) {
        __global const real* dyf = dy + (n * ${F} + g * ${FG} + fi) * ${OH} * ${OW};
        __global const real* wc = w + (c * ${FG} + fi) * ${KH} * ${KW};
        for (int u = 0; u < ${KH}; u++) {
            const int i = h * ${SH} - ${PH} + u * ${DH};
            if (i < 0 || i >= ${OH}) {
                continue;
            }
            for (int v = 0; v < ${KW}; v++) {
                const int j = xw * ${SW} - ${PW} + v * ${DW};
                if (j >= 0 && j < ${OW}) {
                    acc += wc[u * ${KW} + v] * dyf[i * ${OW} + j];
                }
            }
        }
    }
    dx[idx] += acc;
}

/* One work-item per weight element: dw[c,fi,u,v] += sum_{n,h,xw} x[n,c,h,xw] * dy[n, g*FG + fi, i, j]
 * with i, j as above, inside the output. */
__kernel void ${KERNEL}_backward_weight(__global const real* dy, __global const real* x, __global real* dw) {
    const int idx = get_global_id(0);
    const int v = idx % ${KW};
    const int u = (idx / ${KW}) % ${KH};
    const int fi = (idx / (${KW} * ${KH})) % ${FG};
    const int c = idx / (${KW} * ${KH} * ${FG});
    const int f = (c / ${CG}) * ${FG} + fi;
    real acc = (real)0;
    for (int n = 0; n < ${N}; n++) {
        __global const real* xc = x + (n * ${C} + c) * ${H} * ${W};
        __global const real* dyf = dy + (n * ${F} + f) * ${OH} * ${OW};
        for (int h = 0; h < ${H}; h++) {
            const int i = h * ${SH} - ${PH} + u * ${DH};
            if (i < 0 || i >= ${OH}) {
                continue;
            }
            for (int xw = 0; xw < ${W}; xw++) {
                const int j = xw * ${SW} - ${PW} + v * ${DW};
                if (j >= 0 && j < ${OW}) {
                    acc += xc[h * ${W} + xw] * dyf[i * ${OW} + j];
                }
            }
        }
    }
    dw[idx] += acc;
}

/* One work-item per filter: db[f] += sum_{n,i,j} dy[n,f,i,j]. */
// N·OH·OW terms per filter: a compensated (Kahan) sum, so the error does not grow with the
// count (one fp32 accumulator loses about 1e-4 at 4 × 64 × 64; this stays near 1e-7, as
// PyTorch's). OpenCL C keeps IEEE semantics without -cl-unsafe-math-optimizations, so the
// compensation is not reassociated away.
__kernel void ${KERNEL}_backward_bias(__global const real* dy, __global real* db) {
    const int f = get_global_id(0);
    real acc = (real)0;
    real lost = (real)0;
    for (int n = 0; n < ${N}; n++) {
        __global const real* dyf = dy + (n * ${F} + f) * ${OH} * ${OW};
        for (int k = 0; k < ${OH} * ${OW}; k++) {
            const real y = dyf[k] - lost;
            const real t = acc + y;
            lost = (t - acc) - y;
            acc = t;
        }
    }
    db[f] += acc;
}
