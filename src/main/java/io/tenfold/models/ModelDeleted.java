package io.tenfold.models;

/** Published after a model's row is marked deleted and its artifacts are gone. */
public record ModelDeleted(String modelId) {
}
