package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Shim for a DL4J 1.0.0-M2.1 bug (see docs/peer-race.md and NativeBackend): DL4J's
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by reflection and calls {@code isUseMKLDNN()}, but ND4J M2.1 has that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()}.
 * The lookup fails, so every DL4J oneDNN layer helper (convolution, batch norm, pooling, LRN) is
 * dropped even with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=false}. This class
 * answers the old lookup with the new one. It uses reflection so that it also compiles where the
 * CPU backend is absent (the CUDA build), where it answers false.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();
        private static final String M2_ENVIRONMENT = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(M2_ENVIRONMENT, true, Nd4jCpu.class.getClassLoader());
                Object instance = env.getMethod("getInstance").invoke(null);
                Method useOneDnn = env.getMethod("isUseONEDNN");
                return (boolean) useOneDnn.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
