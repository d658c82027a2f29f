/* Shared by every program: `real` is float or double (typedef above). */

/* Sets a buffer to zero before gradients accumulate into it. */
__kernel void cnnc_zero(__global real* x) {
    x[get_global_id(0)] = (real)0;
}
