/**
 * The OpenCL runtime of cnnc, through JOCL. It runs OpenCL C source on a device and knows
 * nothing of the .cnn language or the IR. Four roles, as in tinygrad's ops_cl.py:
 *
 * <ul>
 *   <li>the device: {@link dev.cnnc.runtime.opencl.Devices} finds platforms and devices and
 *       picks one from a {@code --device} spec; {@link dev.cnnc.runtime.opencl.ClDevice} holds
 *       its context and profiling queue;</li>
 *   <li>allocate and copy: {@link dev.cnnc.runtime.opencl.ClBuffer};</li>
 *   <li>compile source to a program: {@link dev.cnnc.runtime.opencl.ClProgram}, with binaries
 *       kept on disk by {@link dev.cnnc.runtime.opencl.BinaryCache};</li>
 *   <li>call a program's kernel on buffers with global/local sizes:
 *       {@link dev.cnnc.runtime.opencl.ClKernel}, timed by
 *       {@link dev.cnnc.runtime.opencl.Profiler}.</li>
 * </ul>
 *
 * <p>Driver errors surface as written: {@link dev.cnnc.runtime.opencl.ClException} carries the
 * CL_* status name and, for a failed build, the full build log with the source's file name.
 * Every wrapper is {@link java.lang.AutoCloseable} and releases its OpenCL object when closed;
 * closing a device releases whatever of it is still open.
 * {@link dev.cnnc.runtime.opencl.NativeObjects} counts the live objects.
 */
package dev.cnnc.runtime.opencl;
