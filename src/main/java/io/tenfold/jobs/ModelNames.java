package io.tenfold.jobs;

import java.util.Locale;

/** Turns a dataset's free-form name into a default model name. */
final class ModelNames {

    private ModelNames() {
    }

    static String from(String datasetName) {
        String name = datasetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        if (name.isEmpty()) {
            name = "model";
        }
        return name.length() > 128 ? name.substring(0, 128) : name;
    }
}
