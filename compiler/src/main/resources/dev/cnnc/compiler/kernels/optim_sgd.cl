/* SGD step, PyTorch's torch.optim.SGD with dampening 0, for element i of one parameter p, updated
 * in place from its gradient buffer grad. The gradient is first scaled by grad_scale (1/k for k
 * accumulated batches, times the clipping factor), then weight decay ${WEIGHT_DECAY} is added:
 * g = grad_scale * grad + wd * p. FP_CONTRACT is off so the roundings are PyTorch's (no fused
 * multiply-adds). The kernels that call these (several parameters per launch) are generated
 * after this template by OptimizerLowering. */

/* Without momentum: p -= lr * g. */
inline void ${KERNEL}_plain(__global real* p, __global const real* grad, const size_t i, const real lr,
                            const real grad_scale) {
#pragma OPENCL FP_CONTRACT OFF
    const real theta = p[i];
    real g = grad[i] * grad_scale;
    if (${HAS_WEIGHT_DECAY}) {
        g = g + ${WEIGHT_DECAY} * theta;
    }
    p[i] = theta - lr * g;
}

/* With momentum mu = ${MOMENTUM}: v = mu * v + g (v starts at 0, so the first v is g, as PyTorch's
 * buffer initialised to the gradient); p -= lr * v, or with Nesterov (${NESTEROV})
 * p -= lr * (g + mu * v). */
inline void ${KERNEL}_momentum(__global real* p, __global const real* grad, __global real* v, const size_t i,
                               const real lr, const real grad_scale) {
#pragma OPENCL FP_CONTRACT OFF
    const real theta = p[i];
    real g = grad[i] * grad_scale;
    if (${HAS_WEIGHT_DECAY}) {
        g = g + ${WEIGHT_DECAY} * theta;
    }
    const real buf = ${MOMENTUM} * v[i] + g;
    v[i] = buf;
    const real d = ${NESTEROV} ? g + ${MOMENTUM} * buf : buf;
    p[i] = theta - lr * d;
}
