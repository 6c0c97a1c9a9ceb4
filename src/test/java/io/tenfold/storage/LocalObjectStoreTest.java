package io.tenfold.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void putReadListDelete() throws Exception {
        ObjectStore store = new LocalObjectStore(root.resolve("objects"));
        store.put("a/b/one.bin", new byte[] {1, 2});
        store.put("a/two.bin", new byte[] {3});
        assertThat(store.read("a/b/one.bin")).containsExactly(1, 2);
        assertThat(store.exists("a/two.bin")).isTrue();
        assertThat(store.list("a/")).containsExactly("a/b/one.bin", "a/two.bin");
        store.deleteAll("a/b");
        assertThat(store.exists("a/b/one.bin")).isFalse();
        assertThatThrownBy(() -> store.read("a/b/one.bin")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void keysCannotLeaveTheStore() throws Exception {
        ObjectStore store = new LocalObjectStore(root.resolve("objects"));
        for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/", ""}) {
            assertThatThrownBy(() -> store.put(key, new byte[] {1})).as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        try (var files = Files.list(root)) {
            assertThat(files).containsExactly(root.resolve("objects"));
        }
    }

    @Test
    void noPartialFilesAreLeftBehind() throws Exception {
        ObjectStore store = new LocalObjectStore(root.resolve("objects"));
        store.put("m/network.zip", new byte[1000]);
        try (var files = Files.list(root.resolve("objects/m"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("network.zip");
        }
    }
}
