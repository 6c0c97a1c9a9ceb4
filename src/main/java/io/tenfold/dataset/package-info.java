/**
 * Datasets: ImageFolder zips read entry by entry, each image decoded and stored, the manifest written
 * last; their HTTP API and the augmentation preview. May import the core, {@code storage} and
 * {@code system}; no other feature.
 */
package io.tenfold.dataset;
