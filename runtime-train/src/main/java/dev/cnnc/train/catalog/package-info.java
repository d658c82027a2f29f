/**
 * The catalog of training components (losses, optimizers, schedules, augmentations,
 * initializers): their names, options and defaults as plain data, written once in
 * {@link dev.cnnc.train.catalog.TrainingCatalogs} and read by both the compiler and this runtime.
 */
package dev.cnnc.train.catalog;
