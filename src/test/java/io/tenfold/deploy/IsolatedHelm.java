package io.tenfold.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * helm-java (com.marcnuri.helm-java, a native Helm engine) in a class loader of its own.
 *
 * <p>It needs JNA 5, but Deeplearning4j brings JNA 4.3.0 (through oshi-core) onto the same class path, and the
 * older {@code com.sun.jna.Native} is found first ({@code NoSuchMethodError: Native.load}). This loader holds
 * only helm-java's jars and JNA 5's (jna-jpms), with the platform class loader as its parent, and calls
 * helm-java by reflection. The jars are found on the test class path; nothing is downloaded.
 */
final class IsolatedHelm {

    /** A chart that failed to render or lint: Helm's own message. */
    static final class HelmException extends RuntimeException {
        HelmException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    record Lint(boolean failed, List<String> messages) {
    }

    private static volatile URLClassLoader loader;

    private final Path chart;

    IsolatedHelm(Path chart) {
        this.chart = chart;
    }

    Lint lint() {
        return call(() -> {
            Object command = invoke(invoke(helm(), "lint"), "strict");
            Object result = invoke(command, "call");
            @SuppressWarnings("unchecked")
            List<String> messages = (List<String>) invoke(result, "getMessages");
            return new Lint((Boolean) invoke(result, "isFailed"), List.copyOf(messages));
        });
    }

    /** {@code helm template NAME CHART [-f valuesFile] [--set k=v ...]}: the rendered manifests. */
    String template(String releaseName, Path valuesFile, Map<String, Object> set) {
        return call(() -> {
            Object command = invoke(helm(), "template");
            command = invoke(command, "withName", new Class<?>[] {String.class}, releaseName);
            command = invoke(command, "withNamespace", new Class<?>[] {String.class}, "tenfold");
            if (valuesFile != null) {
                command = invoke(command, "withValuesFile", new Class<?>[] {Path.class}, valuesFile);
            }
            for (Map.Entry<String, Object> e : set.entrySet()) {
                command = invoke(command, "set", new Class<?>[] {String.class, Object.class}, e.getKey(), e.getValue());
            }
            return (String) invoke(command, "call");
        });
    }

    /** {@code helm install --dry-run=client NAME CHART [--set k=v ...]}: what Helm prints, NOTES.txt included. */
    String installDryRun(String releaseName, Map<String, Object> set) {
        return call(() -> {
            Object command = invoke(helm(), "install");
            command = invoke(command, "withName", new Class<?>[] {String.class}, releaseName);
            command = invoke(command, "withNamespace", new Class<?>[] {String.class}, "tenfold");
            command = invoke(invoke(command, "dryRun"), "clientOnly");
            for (Map.Entry<String, Object> e : set.entrySet()) {
                command = invoke(command, "set", new Class<?>[] {String.class, Object.class}, e.getKey(), e.getValue());
            }
            return (String) invoke(invoke(command, "call"), "getOutput");
        });
    }

    private Object helm() throws ReflectiveOperationException {
        return loader().loadClass("com.marcnuri.helm.Helm").getConstructor(Path.class).newInstance(chart);
    }

    private static <T> T call(Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // helm-java finds its native library with ServiceLoader on the context class loader
        thread.setContextClassLoader(loader());
        try {
            return action.call();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new HelmException(String.valueOf(cause.getMessage()), cause);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Object invoke(Object target, String method) throws ReflectiveOperationException {
        return invoke(target, method, new Class<?>[0]);
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Method method = target.getClass().getMethod(name, types);
        method.setAccessible(true);
        return method.invoke(target, args);
    }

    static boolean available() {
        try {
            loader();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static URLClassLoader loader() {
        URLClassLoader current = loader;
        if (current == null) {
            synchronized (IsolatedHelm.class) {
                current = loader;
                if (current == null) {
                    Set<URL> jars = new LinkedHashSet<>();
                    jars.add(jarOf("com/marcnuri/helm/Helm.class", "helm-java"));
                    jars.add(jarOf("com/marcnuri/helm/jni/HelmLib.class", "lib-api"));
                    jars.add(jarOf("com/marcnuri/helm/jni/linux/amd64/LinuxAmd64NativeLibrary.class", "linux-amd64"));
                    jars.add(jarOf("com/sun/jna/Native.class", "jna-jpms"));
                    current = new URLClassLoader("helm-java", jars.toArray(URL[]::new),
                            ClassLoader.getPlatformClassLoader());
                    loader = current;
                }
            }
        }
        return current;
    }

    /** The jar on the test class path that holds {@code resource} and whose file name contains {@code jarName}. */
    private static URL jarOf(String resource, String jarName) {
        List<URL> seen = new ArrayList<>();
        try {
            for (URL url : Collections.list(IsolatedHelm.class.getClassLoader().getResources(resource))) {
                seen.add(url);
                if ("jar".equals(url.getProtocol())) {
                    URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL();
                    String file = jar.getPath().substring(jar.getPath().lastIndexOf('/') + 1);
                    if (file.startsWith(jarName)) {
                        return jar;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + jarName + " jar with " + resource + " on the test class path (found "
                + seen + "): pom.xml needs com.marcnuri.helm-java:helm-java:0.0.15 in test scope, with slf4j-simple "
                + "excluded (docs/deployment.md)");
    }
}
