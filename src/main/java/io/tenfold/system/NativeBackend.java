package io.tenfold.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Tells JavaCPP which of ND4J's native builds the jar carries (for example the oneDNN AVX2 CPU
 * build, or the cuDNN CUDA build), before anything loads ND4J. An explicit
 * {@code -Dorg.bytedeco.javacpp.platform.extension} wins.
 */
public final class NativeBackend {

    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private NativeBackend() {
    }

    public static void configure() {
        if (System.getProperty(EXTENSION_PROPERTY) != null) {
            return;
        }
        Properties build = new Properties();
        try (InputStream in = NativeBackend.class.getResourceAsStream("/tenfold-build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String extension = build.getProperty("nd4j.extension", "");
        if (!extension.isBlank() && !extension.startsWith("@")) {
            System.setProperty(EXTENSION_PROPERTY, extension);
        }
    }
}
