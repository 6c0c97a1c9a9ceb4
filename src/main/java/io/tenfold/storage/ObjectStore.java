package io.tenfold.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where datasets, checkpoints and models live. Keys are '/'-separated relative names such as
 * {@code models/<id>/model.zip}. A put is atomic: a reader sees the whole object or none of it.
 */
public interface ObjectStore {

    void put(String key, byte[] bytes) throws IOException;

    void put(String key, Path file) throws IOException;

    /** Opens an object for reading; throws {@link java.nio.file.NoSuchFileException} if it does not exist. */
    InputStream open(String key) throws IOException;

    default byte[] read(String key) throws IOException {
        try (InputStream in = open(key)) {
            return in.readAllBytes();
        }
    }

    boolean exists(String key) throws IOException;

    /** Keys under the prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    /** Deletes one object; deleting a key that does not exist is not an error. */
    void delete(String key) throws IOException;

    /** Deletes every object under the prefix. */
    void deleteAll(String prefix) throws IOException;
}
