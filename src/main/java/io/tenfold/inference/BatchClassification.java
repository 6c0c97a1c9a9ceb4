package io.tenfold.inference;

import java.util.List;

/**
 * One result per image, in the order the images came. Each result's timings are its own decode
 * and its share (by view count) of the batched preprocessing and forward passes; {@code timings}
 * here are the whole request's.
 */
public record BatchClassification(String modelId, List<Classification> results, Classification.Timings timings) {
}
