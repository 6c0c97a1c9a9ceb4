package io.tenfold.dataset;

/** Where a dataset's objects live in the object store. */
final class DatasetStorage {

    private DatasetStorage() {
    }

    static String prefix(String datasetId) {
        return "datasets/" + datasetId + "/";
    }

    static String imageKey(String datasetId, int index, String extension) {
        return prefix(datasetId) + "images/" + index + "." + extension;
    }
}
