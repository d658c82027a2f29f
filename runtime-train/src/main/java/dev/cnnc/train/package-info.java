/**
 * Running and training compiled models on the host side: datasets and the background data
 * pipeline ({@code data}), tensor files in PyTorch's layouts ({@code io}), initializers and
 * learning-rate schedules ({@code optim}). Nothing here knows the .cnn language or the IR.
 */
package dev.cnnc.train;
