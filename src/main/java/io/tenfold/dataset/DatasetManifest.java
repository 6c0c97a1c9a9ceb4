package io.tenfold.dataset;

import io.tenfold.augment.pixel.RgbEigen;
import java.util.List;

/**
 * The stored index of a dataset's images, written after every image object, so that a dataset
 * whose manifest exists is complete.
 */
public record DatasetManifest(List<String> classes, List<Image> images, double[] pcaEigenvalues,
        double[][] pcaEigenvectors) {

    /**
     * The eigen-decomposition of the RGB covariance over the dataset's images, for AlexNet's PCA
     * colour augmentation; null for a dataset stored before it was computed.
     */
    public RgbEigen pcaEigen() {
        return pcaEigenvalues == null ? null : new RgbEigen(pcaEigenvalues, pcaEigenvectors);
    }


    /** One stored image: its object key, class index and the path it had in the upload. */
    public record Image(String key, int label, String source) {
    }

    static String key(String datasetId) {
        return DatasetStorage.prefix(datasetId) + "manifest.json";
    }
}
