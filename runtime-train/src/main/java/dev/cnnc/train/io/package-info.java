/**
 * Tensor files in PyTorch's conventions, so that weights move between cnnc and PyTorch unchanged:
 * {@link dev.cnnc.train.io.Safetensors} (checkpoints, state dicts) and {@link dev.cnnc.train.io.Npy}
 * (single arrays), both over {@link dev.cnnc.train.io.HostTensor}, a tensor held on the host as
 * little-endian bytes in C order with PyTorch's shapes (convolution weights OIHW, dense weights
 * [out, in]). {@link dev.cnnc.train.io.StateDict} is an ordered name → tensor map that checks
 * itself against the shapes a model needs. Every problem with a file is a
 * {@link dev.cnnc.train.io.TensorFileException} naming the file and, where there is one, the
 * tensor; every write is atomic ({@link dev.cnnc.train.io.AtomicFile}).
 */
package dev.cnnc.train.io;
