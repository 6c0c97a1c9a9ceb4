package io.tenfold.inference;

import io.tenfold.image.Preprocessing;
import java.util.List;

/**
 * Everything needed to use a stored network besides its weights: the metadata of the model's
 * artifact (see {@link ModelArtifacts}), whose manifest is written after the network, so a model
 * whose manifest exists is complete. {@code plan} says in words what trained at which learning rate
 * (null in manifests written before it was recorded).
 */
public record ModelManifest(int formatVersion, String network, List<String> labels, Preprocessing preprocessing,
        String baseModel, String strategy, String plan) {

    public static final int FORMAT_VERSION = 1;

    /** A manifest for a network stored, in DL4J's format, as {@code network.zip} beside it. */
    public static ModelManifest of(List<String> labels, Preprocessing preprocessing, String baseModel,
            String strategy, String plan) {
        return new ModelManifest(FORMAT_VERSION, "network.zip", labels, preprocessing, baseModel, strategy, plan);
    }
}
