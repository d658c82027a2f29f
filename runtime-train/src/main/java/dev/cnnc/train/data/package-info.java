/**
 * Datasets and the host data pipeline of training: {@link dev.cnnc.train.data.Dataset} and its
 * implementations ({@link dev.cnnc.train.data.IdxDataset} for MNIST/Fashion-MNIST files, opened by
 * name with {@link dev.cnnc.train.data.Datasets}; {@link dev.cnnc.train.data.ImageFolderDataset}),
 * the augmentation steps of the language ({@link dev.cnnc.train.data.Augmentations}) and the
 * background batch loader ({@link dev.cnnc.train.data.DataLoader}).
 */
package dev.cnnc.train.data;
