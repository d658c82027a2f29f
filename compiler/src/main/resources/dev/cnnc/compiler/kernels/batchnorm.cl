/* Batch normalization per channel c of x [N, C, INNER] (INNER = H·W, or 1 for [F]);
 * M = N·INNER values per channel. Element f = (n·C + c)·INNER + i. Every kernel's last arguments
 * are the channels C, the batch N, INNER, RELU and ACCUMULATE, so batchnorms that differ only in
 * width, batch size, spatial size or fused ReLU share the kernels. Saved per channel: mean and
 * invstd = 1/√(var + ε), the batch's in training, the running ones in inference. Without affine
 * (HAS_AFFINE 0) γ = 1, β = 0 and the γ, β arguments are never read. With a fused ReLU (RELU 1,
 * the FuseRelu pass) the output is max(0, ·) and every backward kernel takes the output y and
 * uses dy only where y > 0 (the ReLU's derivative), 0 elsewhere. ACCUMULATE 1: the input
 * gradient is added to dx (0: it is the first gradient written to x).
 * Storages (common.cl): x is ${XT}, y ${YT}, dy ${DYT}, dx ${DXT} (real, or half for a
 * mixed-precision program's activations and their gradients); the backward kernels' y argument,
 * the output with a fused ReLU and else dy passed in its place, is ${MT}. Every other buffer
 * (γ, β, statistics, sums, partial sums) is real, and so is all arithmetic. */

/* The output gradient as the batchnorm sees it: dy, masked by the fused ReLU. */
inline real ${KERNEL}_dy(__global const ${DYT}* dy, __global const ${MT}* y, const size_t f, const int RELU) {
    return RELU && !(LOAD_${MT}(y, f) > (real)0) ? (real)0 : LOAD_${DYT}(dy, f);
}

/* Training statistics, one work-group of ${L} work-items per channel (L a power of two): batch
 * mean and biased variance over (n, i) in two passes, each a strided partial sum per work-item
 * (element j of the channel is n = j / INNER, i = j % INNER, so neighbouring work-items read
 * neighbouring addresses) then a tree reduction in local memory; saved; the running statistics
 * updated as PyTorch: running_mean ← (1 − m)·running_mean + m·μ,
 * running_var ← (1 − m)·running_var + m·σ²·M/(M − 1) (unbiased); channel 0 counts the batch in
 * num_batches_tracked (int64). */
__kernel void ${KERNEL}_stats(__global const ${XT}* x, __global real* mean, __global real* invstd,
                              __global real* running_mean, __global real* running_var,
                              __global long* num_batches_tracked, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    __local real part[${L}];
    const int c = get_group_id(0);
    const int t = get_local_id(0);
    real sum = (real)0;
    for (int j = t; j < (N * INNER); j += ${L}) {
        sum += LOAD_${XT}(x, ((j / INNER) * C + c) * INNER + j % INNER);
    }
    part[t] = sum;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = ${L} / 2; s > 0; s /= 2) {
        if (t < s) {
            part[t] += part[t + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    const real mu = part[0] / (real)(N * INNER);
    barrier(CLK_LOCAL_MEM_FENCE);
    real sq = (real)0;
    for (int j = t; j < (N * INNER); j += ${L}) {
        const real d = LOAD_${XT}(x, ((j / INNER) * C + c) * INNER + j % INNER) - mu;
        sq += d * d;
    }
    part[t] = sq;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = ${L} / 2; s > 0; s /= 2) {
        if (t < s) {
            part[t] += part[t + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) {
        const real var = part[0] / (real)(N * INNER);
        mean[c] = mu;
        invstd[c] = (real)1 / sqrt(var + ${EPS});
        running_mean[c] = ((real)1 - ${MOMENTUM}) * running_mean[c] + ${MOMENTUM} * mu;
        running_var[c] = ((real)1 - ${MOMENTUM}) * running_var[c]
                + ${MOMENTUM} * (part[0] / (real)((N * INNER) - 1));
        if (c == 0) {
            num_batches_tracked[0] += 1;
        }
    }
}

/* Inference statistics, one work-item per channel: the running ones, as mean and invstd. */
__kernel void ${KERNEL}_running(__global const real* running_mean, __global const real* running_var,
                                __global real* mean, __global real* invstd, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const int c = get_global_id(0);
    mean[c] = running_mean[c];
    invstd[c] = (real)1 / sqrt(running_var[c] + ${EPS});
}

/* y = γ_c · (x − mean_c) · invstd_c + β_c, one work-item per element. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global const real* mean, __global const real* invstd,
                                __global const real* gamma, __global const real* beta, __global ${YT}* y, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t f = get_global_id(0);
    const int c = (int)((f / INNER) % C);
    const real xhat = (LOAD_${XT}(x, f) - mean[c]) * invstd[c];
    const real v = ${HAS_AFFINE} ? gamma[c] * xhat + beta[c] : xhat;
    STORE_${YT}(y, f, RELU ? fmax(v, (real)0) : v);
}

/* Per channel, one work-group of ${L} work-items as in _stats: sums[2c] = Σ dy,
 * sums[2c + 1] = Σ dy · x̂, over (n, i). */
__kernel void ${KERNEL}_backward_sums(__global const ${XT}* x, __global const ${DYT}* dy,
                                      __global const ${MT}* y, __global const real* mean,
                                      __global const real* invstd, __global real* sums, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    __local real partDy[${L}];
    __local real partDyXhat[${L}];
    const int c = get_group_id(0);
    const int t = get_local_id(0);
    const real mu = mean[c];
    const real is = invstd[c];
    real sumDy = (real)0;
    real sumDyXhat = (real)0;
    for (int j = t; j < (N * INNER); j += ${L}) {
        const int f = ((j / INNER) * C + c) * INNER + j % INNER;
        const real g = ${KERNEL}_dy(dy, y, f, RELU);
        sumDy += g;
        sumDyXhat += g * (LOAD_${XT}(x, f) - mu) * is;
    }
    partDy[t] = sumDy;
    partDyXhat[t] = sumDyXhat;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = ${L} / 2; s > 0; s /= 2) {
        if (t < s) {
            partDy[t] += partDy[t + s];
            partDyXhat[t] += partDyXhat[t + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (t == 0) {
        sums[2 * c] = partDy[0];
        sums[2 * c + 1] = partDyXhat[0];
    }
}

/* dγ_c += Σ dy · x̂, dβ_c += Σ dy (affine only), one work-item per channel. */
__kernel void ${KERNEL}_backward_params(__global const real* sums, __global real* dgamma, __global real* dbeta, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const int c = get_global_id(0);
    dgamma[c] += sums[2 * c + 1];
    dbeta[c] += sums[2 * c];
}

/* Training (the statistics depend on x): dx += γ_c · invstd_c · (dy − Σdy/M − x̂ · Σ(dy·x̂)/M)
 * (dx = … when ACCUMULATE is 0: this is the first gradient written to x). */
__kernel void ${KERNEL}_backward_input(__global const ${XT}* x, __global const ${DYT}* dy,
                                       __global const ${MT}* y, __global const real* mean,
                                       __global const real* invstd, __global const real* gamma,
                                       __global const real* sums, __global ${DXT}* dx, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t f = get_global_id(0);
    const int c = (int)((f / INNER) % C);
    const real xhat = (LOAD_${XT}(x, f) - mean[c]) * invstd[c];
    const real scale = ${HAS_AFFINE} ? gamma[c] * invstd[c] : invstd[c];
    const real g = scale * (${KERNEL}_dy(dy, y, f, RELU) - sums[2 * c] / (real)(N * INNER) - xhat * sums[2 * c + 1] / (real)(N * INNER));
    STORE_${DXT}(dx, f, ACCUMULATE ? LOAD_${DXT}(dx, f) + g : g);
}

/* Inference (running statistics are constants): dx (+)= γ_c · invstd_c · dy. */
__kernel void ${KERNEL}_backward_input_frozen(__global const ${DYT}* dy, __global const ${MT}* y,
                                              __global const real* invstd, __global const real* gamma,
                                              __global ${DXT}* dx, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t f = get_global_id(0);
    const int c = (int)((f / INNER) % C);
    const real scale = ${HAS_AFFINE} ? gamma[c] * invstd[c] : invstd[c];
    const real g = scale * ${KERNEL}_dy(dy, y, f, RELU);
    STORE_${DXT}(dx, f, ACCUMULATE ? LOAD_${DXT}(dx, f) + g : g);
}

/* The same statistics and backward sums for a CPU, when INNER is a multiple of 16: one
 * work-item per block b = n·C + c, the INNER contiguous values of one sample and channel, summed
 * in ${V} vectors (a CPU does not vectorise across work-items in a loop); then one work-item per
 * channel adds its N blocks, in order. part[b] and part2[2b], part2[2b + 1]: the blocks' sums. */
inline real ${KERNEL}_lanes(const ${V} v) {
    real l[16];
    vstore16(v, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    return s;
}

/* part[b] = Σ x over block b. */
__kernel void ${KERNEL}_block_sum(__global const ${XT}* x, __global real* part, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    __global const ${XT}* xb = x + b * INNER;
    ${V} acc = (${V})0;
    for (int i = 0; i < INNER; i += 16) {
        acc += VLOAD16_${XT}(xb, i);
    }
    part[b] = ${KERNEL}_lanes(acc);
}

/* The batch mean of channel c from the blocks' sums part[n·C + c], added in order. */
inline real ${KERNEL}_block_mu(__global const real* part, const int c, const int C, const int N, const int INNER) {
    real s = (real)0;
    for (int n = 0; n < N; n++) {
        s += part[n * C + c];
    }
    return s / (real)(N * INNER);
}

/* part[N * C + b] = Σ (x − mean_c)² over block b, with mean_c from the sums in part[0, N·C)
 * (each block adds them itself; block b = c, of sample 0, saves it). */
__kernel void ${KERNEL}_block_squares(__global const ${XT}* x, __global real* part, __global real* mean, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const int c = b % C;
    const real m = ${KERNEL}_block_mu(part, c, C, N, INNER);
    if (b < C) {
        mean[c] = m;
    }
    __global const ${XT}* xb = x + b * INNER;
    const ${V} mu = (${V})(m);
    ${V} acc = (${V})0;
    for (int i = 0; i < INNER; i += 16) {
        const ${V} d = VLOAD16_${XT}(xb, i) - mu;
        acc = fma(d, d, acc);
    }
    part[N * C + b] = ${KERNEL}_lanes(acc);
}

/* Saves invstd for channel c from the sum of squared deviations m2 about the batch mean mu
 * (biased variance m2 / M) and updates the running statistics as _stats (channel 0 counts the
 * batch). */
inline real ${KERNEL}_save(const int c, const real mu, const real m2, __global real* invstd,
                           __global real* running_mean, __global real* running_var,
                           __global long* num_batches_tracked, const int N, const int INNER) {
    const real is = (real)1 / sqrt(m2 / (real)(N * INNER) + ${EPS});
    invstd[c] = is;
    running_mean[c] = ((real)1 - ${MOMENTUM}) * running_mean[c] + ${MOMENTUM} * mu;
    running_var[c] = ((real)1 - ${MOMENTUM}) * running_var[c] + ${MOMENTUM} * (m2 / (real)((N * INNER) - 1));
    if (c == 0) {
        num_batches_tracked[0] += 1;
    }
    return is;
}

/* y over block b (channel c) from the batch mean mu and invstd is. */
inline void ${KERNEL}_normalize_block(const size_t b, const int c, const real mu, const real is,
                                      __global const ${XT}* x, __global const real* gamma,
                                      __global const real* beta, __global ${YT}* y, const int INNER,
                                      const int RELU) {
    const real scale = ${HAS_AFFINE} ? gamma[c] * is : is;
    const real shift = (${HAS_AFFINE} ? beta[c] : (real)0) - mu * scale;
    const ${V} sv = (${V})(scale);
    const ${V} tv = (${V})(shift);
    for (int i = 0; i < INNER; i += 16) {
        const ${V} v = fma(VLOAD16_${XT}(x, b * INNER + i), sv, tv);
        VSTORE16_${YT}(RELU ? fmax(v, (${V})0) : v, y, b * INNER + i);
    }
}

/* y over block b as _forward, in vectors, with mean and invstd given. */
__kernel void ${KERNEL}_block_forward(__global const ${XT}* x, __global const real* mean, __global const real* invstd,
                                      __global const real* gamma, __global const real* beta, __global ${YT}* y, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const int c = b % C;
    ${KERNEL}_normalize_block(b, c, mean[c], invstd[c], x, gamma, beta, y, INNER, RELU);
}

/* Training: the variance of channel c from the blocks' squares (part[N·C + n·C + c], in order),
 * then y over block b as _block_forward; block b = c (sample 0) saves invstd and updates the
 * running statistics. */
__kernel void ${KERNEL}_block_forward_finish(__global const ${XT}* x, __global const real* part,
                                             __global const real* mean, __global real* invstd,
                                             __global const real* gamma, __global const real* beta, __global ${YT}* y,
                                             __global real* running_mean, __global real* running_var,
                                             __global long* num_batches_tracked, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const int c = b % C;
    real sq = (real)0;
    for (int n = 0; n < N; n++) {
        sq += part[N * C + n * C + c];
    }
    const real mu = mean[c];
    const real is = b < C ? ${KERNEL}_save(c, mu, sq, invstd, running_mean, running_var, num_batches_tracked, N, INNER)
            : (real)1 / sqrt(sq / (real)(N * INNER) + ${EPS});
    ${KERNEL}_normalize_block(b, c, mu, is, x, gamma, beta, y, INNER, RELU);
}

/* Training statistics given by the convolution that produces x (FuseBatchNormStatistics):
 * given[3·(n·C + c) + {0, 1, 2}] = the count, mean and sum of squared deviations M2 of sample n's
 * values of channel c, merged over n = 0, 1, … in order (Chan et al.): with δ = mean_b − mean,
 * mean ← mean + δ·n_b/(n + n_b), M2 ← M2 + M2_b + δ²·n·n_b/(n + n_b). */
inline void ${KERNEL}_merge_given(__global const real* given, const int c, const int C, const int N, real* mu,
                                    real* m2) {
    real n = given[3 * c];
    real m = given[3 * c + 1];
    real q = given[3 * c + 2];
    for (int s = 1; s < N; s++) {
        __global const real* g = given + 3 * (s * C + c);
        const real t = n + g[0];
        const real d = g[1] - m;
        m += d * g[0] / t;
        q += g[2] + d * d * n * g[0] / t;
        n = t;
    }
    *mu = m;
    *m2 = q;
}

/* The given statistics of channel c (one work-item per channel): mean and invstd saved, running
 * statistics updated. */
__kernel void ${KERNEL}_given_finish(__global const real* given, __global real* mean, __global real* invstd,
                                     __global real* running_mean, __global real* running_var,
                                     __global long* num_batches_tracked, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const int c = get_global_id(0);
    real mu;
    real m2;
    ${KERNEL}_merge_given(given, c, C, N, &mu, &m2);
    mean[c] = mu;
    ${KERNEL}_save(c, mu, m2, invstd, running_mean, running_var, num_batches_tracked, N, INNER);
}

/* The same and y (as _block_forward_finish), in one launch: work-item (g, c) merges channel c's
 * given statistics once and normalises the blocks of its SPW samples g·SPW …; the work-items
 * of g = 0 save them. */
__kernel void ${KERNEL}_block_forward_given(__global const ${XT}* x, __global const real* given,
                                            __global real* mean, __global real* invstd,
                                            __global const real* gamma, __global const real* beta, __global ${YT}* y,
                                            __global real* running_mean, __global real* running_var,
                                            __global long* num_batches_tracked, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE, const int SPW) {
    const size_t item = get_global_id(0);
    const int c = item % C;
    const size_t n0 = item / C * SPW;
    real mu;
    real m2;
    ${KERNEL}_merge_given(given, c, C, N, &mu, &m2);
    real is;
    if (n0 == 0) {
        mean[c] = mu;
        is = ${KERNEL}_save(c, mu, m2, invstd, running_mean, running_var, num_batches_tracked, N, INNER);
    } else {
        is = (real)1 / sqrt(m2 / (real)(N * INNER) + ${EPS});
    }
    for (int j = 0; j < SPW; j++) {
        ${KERNEL}_normalize_block((n0 + j) * C + c, c, mu, is, x, gamma, beta, y, INNER, RELU);
    }
}

/* part2[2b] = Σ dy, part2[2b + 1] = Σ dy · x̂ over block b (dy masked by a fused ReLU). */
__kernel void ${KERNEL}_block_backward(__global const ${XT}* x, __global const ${DYT}* dy,
                                       __global const ${MT}* y, __global const real* mean,
                                       __global const real* invstd, __global real* part2, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const size_t base = b * INNER;
    const ${V} mu = (${V})(mean[b % C]);
    const ${V} is = (${V})(invstd[b % C]);
    ${V} sumDy = (${V})0;
    ${V} sumDyXhat = (${V})0;
    for (int i = 0; i < INNER; i += 16) {
        ${V} g = VLOAD16_${DYT}(dy, base + i);
        if (RELU) {
            g = select((${V})0, g, VLOAD16_${MT}(y, base + i) > (${V})0);
        }
        sumDy += g;
        sumDyXhat = fma(g, (VLOAD16_${XT}(x, base + i) - mu) * is, sumDyXhat);
    }
    part2[2 * b] = ${KERNEL}_lanes(sumDy);
    part2[2 * b + 1] = ${KERNEL}_lanes(sumDyXhat);
}

/* sums[2c], sums[2c + 1] (as _backward_sums) from the blocks' part2, added in order; with
 * affine also the parameters' gradients (as _backward_params). */
__kernel void ${KERNEL}_block_backward_sums(__global const real* part2, __global real* sums, __global real* dgamma,
                                            __global real* dbeta, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const int c = get_global_id(0);
    real sumDy = (real)0;
    real sumDyXhat = (real)0;
    for (int n = 0; n < N; n++) {
        sumDy += part2[2 * (n * C + c)];
        sumDyXhat += part2[2 * (n * C + c) + 1];
    }
    sums[2 * c] = sumDy;
    sums[2 * c + 1] = sumDyXhat;
    if (${HAS_AFFINE}) {
        dgamma[c] += sumDyXhat;
        dbeta[c] += sumDy;
    }
}

/* Training, over block b in vectors: dx (+)= as _backward_input. */
__kernel void ${KERNEL}_block_backward_input(__global const ${XT}* x, __global const ${DYT}* dy,
                                             __global const ${MT}* y, __global const real* mean,
                                             __global const real* invstd, __global const real* gamma,
                                             __global const real* sums, __global ${DXT}* dx, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const int c = b % C;
    const size_t base = b * INNER;
    const real is = invstd[c];
    const real scale = ${HAS_AFFINE} ? gamma[c] * is : is;
    const ${V} sv = (${V})(scale);
    const ${V} mu = (${V})(mean[c]);
    const ${V} isv = (${V})(is);
    const ${V} meanDy = (${V})(sums[2 * c] / (real)(N * INNER));
    const ${V} meanDyXhat = (${V})(sums[2 * c + 1] / (real)(N * INNER));
    for (int i = 0; i < INNER; i += 16) {
        ${V} g = VLOAD16_${DYT}(dy, base + i);
        if (RELU) {
            g = select((${V})0, g, VLOAD16_${MT}(y, base + i) > (${V})0);
        }
        const ${V} xhat = (VLOAD16_${XT}(x, base + i) - mu) * isv;
        ${V} d = sv * (g - meanDy - xhat * meanDyXhat);
        if (ACCUMULATE) {
            d += VLOAD16_${DXT}(dx, base + i);
        }
        VSTORE16_${DXT}(d, dx, base + i);
    }
}
