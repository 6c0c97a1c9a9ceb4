/**
 * Train-time augmentation: the transform contract ({@code RandomTransform}: sample parameters from a seeded
 * generator, apply them purely), containers, versioned JSON policies and presets, and the preview grid.
 * Spring-free and free of global randomness; imports {@code image} and {@code validation} only.
 */
package io.tenfold.augment;
