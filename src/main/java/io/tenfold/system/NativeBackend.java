package io.tenfold.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * Prepares ND4J and DL4J before anything loads them (explicit {@code -D} settings win):
 * <ul>
 * <li>tells JavaCPP which of ND4J's native builds the jar carries (for example the oneDNN AVX2 CPU
 * build, or the cuDNN CUDA build);</li>
 * <li>turns on DL4J's layer helpers, which run convolutions and batch norm on oneDNN (cuDNN on a
 * GPU). DL4J 1.0.0-M2.1 disables them by default, and on the CPU it also looks for them under a
 * class name ND4J no longer has; {@code org.nd4j.nativeblas.Nd4jCpu} answers that lookup. Without
 * them MobileNetV2's forward pass is 5-7x slower (docs/peer-race.md);</li>
 * <li>warns when {@code OMP_WAIT_POLICY} is not {@code PASSIVE}: idle OpenMP threads then spin,
 * and on a shared CPU two threads can be several times slower than one. Only the environment can
 * set it, before the process starts.</li>
 * </ul>
 */
public final class NativeBackend {

    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private NativeBackend() {
    }

    static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    public static void configure() {
        if (System.getProperty(HELPERS_DISABLED_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLED_PROPERTY, "false");
        }
        if (!"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            LoggerFactory.getLogger(NativeBackend.class).warn("OMP_WAIT_POLICY is not PASSIVE: idle OpenMP threads "
                    + "will spin, which slows forward passes several-fold on a shared CPU (see docs/backends.md)");
        }
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
