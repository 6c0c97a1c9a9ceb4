/**
 * Training a graph: the frozen part as a feature extractor, where batches come from (cached features or
 * images prepared afresh on a loader pool), the epoch loop with early stopping, best parameters and
 * checkpoints, validation metrics and the stratified split. Spring-free; imports {@code augment},
 * {@code image}, {@code graph} and {@code validation}, never {@code inference}.
 */
package io.tenfold.training;
