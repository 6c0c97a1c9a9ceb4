package io.tenfold.transfer.tfjs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The two {@link TfjsModelSource} implementations and their path check. */
final class TfjsModelSources {

    private TfjsModelSources() {
    }

    /**
     * Checks a path relative to model.json and returns it normalised ({@code a/./b} becomes
     * {@code a/b}).
     */
    static String safeRelativePath(String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        if (relativePath.startsWith("/") || relativePath.contains("\\") || relativePath.contains(":")
                || relativePath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a plain relative path: '" + relativePath + "'");
        }
        List<String> parts = new ArrayList<>();
        for (String segment : relativePath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("path leaves the model folder: '" + relativePath + "'");
            }
            parts.add(segment);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("not a file path: '" + relativePath + "'");
        }
        return String.join("/", parts);
    }

    static final class DirectorySource implements TfjsModelSource {
        private final Path directory;

        DirectorySource(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        }

        @Override
        public InputStream open(String relativePath) throws IOException {
            Path file = directory.resolve(safeRelativePath(relativePath)).normalize();
            if (!file.startsWith(directory)) {
                throw new IllegalArgumentException("path leaves the model folder: '" + relativePath + "'");
            }
            return Files.newInputStream(file);
        }

        @Override
        public String description() {
            return "folder " + directory;
        }
    }

    static final class ClasspathSource implements TfjsModelSource {
        private final ClassLoader loader;
        private final String prefix;

        ClasspathSource(ClassLoader loader, String resourceDirectory) {
            this.loader = Objects.requireNonNull(loader, "loader");
            String dir = Objects.requireNonNull(resourceDirectory, "resourceDirectory");
            while (dir.startsWith("/")) {
                dir = dir.substring(1);
            }
            while (dir.endsWith("/")) {
                dir = dir.substring(0, dir.length() - 1);
            }
            this.prefix = dir.isEmpty() ? "" : dir + "/";
        }

        @Override
        public InputStream open(String relativePath) throws IOException {
            String name = prefix + safeRelativePath(relativePath);
            InputStream in = loader.getResourceAsStream(name);
            if (in == null) {
                throw new FileNotFoundException("class-path resource " + name + " not found");
            }
            return in;
        }

        @Override
        public String description() {
            return "class-path folder " + (prefix.isEmpty() ? "/" : prefix);
        }
    }
}
