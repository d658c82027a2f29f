/* Adam / AdamW step, PyTorch's torch.optim.Adam and AdamW (amsgrad off), for element i of one
 * parameter p, updated in place from its gradient buffer grad, with the state
 * buffers m (exp_avg) and v (exp_avg_sq) starting at 0. With g = grad_scale * grad
 * (+ wd * p for Adam's L2 weight decay, ${L2_DECAY}):
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
 *   p -= step_size * m / (sqrt(v) / bc2_sqrt + eps)
 * with step_size = lr / (1 - b1^t) and bc2_sqrt = sqrt(1 - b2^t) computed by the host in double
 * for step t (1, 2, ...), which is lr * m_hat / (sqrt(v_hat) + eps) written as PyTorch computes it.
 * AdamW (${DECOUPLED_DECAY}) first decays the parameter: p *= 1 - lr * wd.
 * b1 = ${BETA1}, b2 = ${BETA2}, eps = ${EPS}, wd = ${WEIGHT_DECAY}. FP_CONTRACT is off so the
 * roundings are PyTorch's. The kernels that call this (several parameters per launch) are
 * generated after this template by OptimizerLowering. */
inline void ${KERNEL}_step(__global real* p, __global const real* grad, __global real* m, __global real* v,
                           const size_t i, const real lr, const real grad_scale, const real step_size,
                           const real bc2_sqrt) {
#pragma OPENCL FP_CONTRACT OFF
    real theta = p[i];
    real g = grad[i] * grad_scale;
    if (${L2_DECAY}) {
        g = g + ${WEIGHT_DECAY} * theta;
    }
    if (${DECOUPLED_DECAY}) {
        theta = theta * ((real)1 - lr * ${WEIGHT_DECAY});
    }
    const real mi = ${BETA1} * m[i] + ${ONE_MINUS_BETA1} * g;
    const real vi = ${BETA2} * v[i] + ${ONE_MINUS_BETA2} * g * g;
    m[i] = mi;
    v[i] = vi;
    const real denom = sqrt(vi) / bc2_sqrt + ${EPS};
    p[i] = theta - step_size * (mi / denom);
}
