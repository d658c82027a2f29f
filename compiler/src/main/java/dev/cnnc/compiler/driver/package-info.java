/**
 * The compiler driver: {@link dev.cnnc.compiler.driver.Pipeline} runs front end, graph passes,
 * device choice, tuning, lowering and program as named stages, the one sequence every command
 * that runs or emits a model uses, configured by {@link dev.cnnc.compiler.driver.Settings}.
 */
package dev.cnnc.compiler.driver;
