/**
 * Safe decoding (limits checked from the header first, EXIF orientation, colour models), the geometric
 * kernels (crops, flips, the one antialiased resampler, affine maps, remaps), the views a network
 * sees of an image (the evaluation view above all) and their packing into tensors. Spring-free; imports
 * no other Tenfold package but {@code validation}.
 */
package io.tenfold.image;
