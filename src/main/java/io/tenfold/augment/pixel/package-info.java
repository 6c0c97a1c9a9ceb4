/**
 * Pixel transforms: colour jitter and AlexNet's PCA colour noise, with the RGB eigen-decomposition of a
 * dataset. Spring-free; imports {@code augment}, {@code image} and {@code validation} only.
 */
package io.tenfold.augment.pixel;
