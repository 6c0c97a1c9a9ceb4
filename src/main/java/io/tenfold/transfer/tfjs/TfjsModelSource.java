package io.tenfold.transfer.tfjs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a TensorFlow.js layers model lives: opens {@code model.json} and the weight shards it
 * names, by paths relative to the folder of {@code model.json}.
 *
 * <p>Relative paths are checked before use: absolute paths, backslashes and {@code ..} segments
 * are refused (a shard path comes from a file that a user may have supplied), {@code .}
 * segments are ignored.
 */
public interface TfjsModelSource {

    /** The conventional name of the topology and manifest file. */
    String MODEL_JSON = "model.json";

    /**
     * Opens a file named relative to the folder of {@code model.json}.
     *
     * @throws java.io.FileNotFoundException or {@link java.nio.file.NoSuchFileException} when it is absent
     * @throws IllegalArgumentException when the path is not a safe relative path
     */
    InputStream open(String relativePath) throws IOException;

    /** Human-readable location, for error messages. */
    String description();

    /** A model in a folder on disk. */
    static TfjsModelSource directory(Path directory) {
        return new TfjsModelSources.DirectorySource(directory);
    }

    /**
     * A model on the class path (also inside a jar), e.g. {@code "models/mobilenetv2"}, using
     * this class's class loader.
     */
    static TfjsModelSource classpath(String resourceDirectory) {
        return classpath(TfjsModelSource.class.getClassLoader(), resourceDirectory);
    }

    /** A model on the class path of the given loader. */
    static TfjsModelSource classpath(ClassLoader loader, String resourceDirectory) {
        return new TfjsModelSources.ClasspathSource(loader, resourceDirectory);
    }
}
