/**
 * Test-time augmentation policies (center, flip, five-crop, ten-crop, multi-scale, dense) as view plans,
 * and the merges of their views' probabilities. Spring-free; imports {@code image}, {@code graph} and
 * {@code validation} only. To add a policy: a record implementing {@code ViewPolicy} (or {@code DensePolicy}),
 * listed in {@code TtaPolicies}.
 */
package io.tenfold.tta;
