/**
 * Geometric transforms: flips, scale and random-resized crops, affine maps, lens distortion. Spring-free;
 * imports {@code augment}, {@code image} and {@code validation} only.
 */
package io.tenfold.augment.geometric;
