package io.tenfold.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.support.S3ProxyServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Verified artifacts on the local store and on S3 (S3Proxy over HTTP). */
class ArtifactStoreTest {

    record Meta(String name, List<Integer> sizes) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static S3ProxyServer s3;
    private static S3ObjectStore s3Store;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3Store = S3ObjectStore.create(s3.settings("artifacts"));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3Store.close();
        s3.close();
    }

    static Stream<String> stores() {
        return Stream.of("local", "s3");
    }

    private ObjectStore store(String type) throws Exception {
        if (type.equals("local")) {
            return new LocalObjectStore(tmp.resolve("objects"));
        }
        s3Store.deleteAll("models");
        return s3Store;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private ArtifactManifest writeModel(ArtifactStore artifacts, byte[] network, byte[] labels) throws Exception {
        Path file = Files.write(tmp.resolve("network.zip"), network);
        ArtifactWriter writer = artifacts.create("models/m1");
        writer.put("network.zip", file);
        writer.put("extra/labels.txt", labels);
        return writer.commit(new Meta("m1", List.of(3, 4)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void roundTrip(String type) throws Exception {
        ObjectStore store = store(type);
        ArtifactStore artifacts = new ArtifactStore(store, JSON);
        byte[] network = "not really a zip".getBytes(StandardCharsets.UTF_8);
        byte[] labels = "bag\nsneaker\n".getBytes(StandardCharsets.UTF_8);
        assertThat(artifacts.exists("models/m1")).isFalse();

        writeModel(artifacts, network, labels);

        assertThat(artifacts.exists("models/m1/")).isTrue();
        Artifact artifact = artifacts.get("models/m1");
        assertThat(artifact.files()).containsExactly("extra/labels.txt", "network.zip");
        assertThat(artifact.metadata(Meta.class)).isEqualTo(new Meta("m1", List.of(3, 4)));
        assertThat(artifact.read("extra/labels.txt")).isEqualTo(labels);
        Path copy = tmp.resolve("copy.zip");
        artifact.copyTo("network.zip", copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(network);
        try (InputStream in = artifact.open("network.zip")) {
            assertThat(in.readAllBytes()).isEqualTo(network);
        }
        assertThatThrownBy(() -> artifact.read("other.bin")).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("lists no such file");

        // The manifest is plain JSON: each file's size and SHA-256, and the metadata.
        JsonNode manifest = JSON.readTree(store.read("models/m1/manifest.json"));
        assertThat(manifest.get("format").asString()).isEqualTo("tenfold-artifact");
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(manifest.get("files").get("network.zip").get("size").asLong()).isEqualTo(network.length);
        assertThat(manifest.get("files").get("network.zip").get("sha256").asString()).isEqualTo(sha256(network));
        assertThat(manifest.get("metadata").get("name").asString()).isEqualTo("m1");

        // A string is metadata too.
        ArtifactWriter note = artifacts.create("models/m2");
        note.put("a.bin", new byte[0]);
        note.commit("just a note");
        assertThat(artifacts.get("models/m2").metadata(String.class)).isEqualTo("just a note");
        assertThat(artifacts.get("models/m2").read("a.bin")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCorruptedFileIsRefused(String type) throws Exception {
        ObjectStore store = store(type);
        ArtifactStore artifacts = new ArtifactStore(store, JSON);
        byte[] network = new byte[1000];
        writeModel(artifacts, network, new byte[] {1});

        byte[] flipped = network.clone();
        flipped[500] = 1;
        store.put("models/m1/network.zip", flipped);
        Path target = tmp.resolve("copy.zip");
        assertThatThrownBy(() -> artifacts.get("models/m1").copyTo("network.zip", target))
                .isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("models/m1/network.zip has SHA-256 " + sha256(flipped))
                .hasMessageContaining("its manifest records " + sha256(network));
        assertThat(target).doesNotExist();

        store.put("models/m1/network.zip", new byte[999]);
        assertThatThrownBy(() -> artifacts.get("models/m1").read("network.zip"))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("has 999 bytes, its manifest records 1000");

        store.put("models/m1/network.zip", new byte[1001]);
        assertThatThrownBy(() -> artifacts.get("models/m1").read("network.zip"))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("longer than the 1000 bytes");

        store.delete("models/m1/network.zip");
        assertThatThrownBy(() -> artifacts.get("models/m1").read("network.zip"))
                .isInstanceOf(CorruptArtifactException.class).hasMessageContaining("missing from the store");

        store.put("models/m1/manifest.json", "{\"formatVersion\":1,\"network\":\"network.zip\"}"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> artifacts.get("models/m1")).isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("is not a tenfold-artifact manifest");
        store.put("models/m1/manifest.json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> artifacts.find("models/m1")).isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void filesWithoutAManifestAreNoArtifact(String type) throws Exception {
        ObjectStore store = store(type);
        ArtifactStore artifacts = new ArtifactStore(store, JSON);
        ArtifactWriter writer = artifacts.create("models/m1");
        writer.put("network.zip", new byte[] {1, 2, 3});
        // no commit: a writer that died here

        assertThat(store.list("models/m1")).containsExactly("models/m1/network.zip");
        assertThat(artifacts.exists("models/m1")).isFalse();
        assertThat(artifacts.find("models/m1")).isEmpty();
        assertThatThrownBy(() -> artifacts.get("models/m1")).isInstanceOf(ArtifactNotFoundException.class)
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("models/m1/")
                .hasMessageContaining("manifest.json is absent");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aNewArtifactReplacesTheOldOneWhole(String type) throws Exception {
        ObjectStore store = store(type);
        ArtifactStore artifacts = new ArtifactStore(store, JSON);
        writeModel(artifacts, new byte[] {1}, new byte[] {2});

        ArtifactWriter writer = artifacts.create("models/m1");
        assertThat(artifacts.exists("models/m1")).as("the old one is gone at once").isFalse();
        writer.put("network.zip", new byte[] {7, 7});
        writer.commit(Map.of("v", 2));

        assertThat(store.list("models/m1")).containsExactly("models/m1/manifest.json", "models/m1/network.zip");
        assertThat(artifacts.get("models/m1").read("network.zip")).containsExactly(7, 7);

        artifacts.delete("models/m1");
        assertThat(artifacts.exists("models/m1")).isFalse();
        assertThat(store.list("models/m1")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void namesAreChecked(String type) throws Exception {
        ArtifactStore artifacts = new ArtifactStore(store(type), JSON);
        ArtifactWriter writer = artifacts.create("models/m1");
        for (String name : new String[] {"manifest.json", "../x", "/abs", "a//b", ""}) {
            assertThatThrownBy(() -> writer.put(name, new byte[] {1})).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        writer.put("a.bin", new byte[] {1});
        assertThatThrownBy(() -> writer.put("a.bin", new byte[] {2})).isInstanceOf(IllegalArgumentException.class);
        writer.commit(null);
        assertThatThrownBy(() -> writer.put("b.bin", new byte[] {2})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> artifacts.create("../models")).isInstanceOf(IllegalArgumentException.class);
    }
}
