package io.tenfold.bench;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Fashion-MNIST as the Debian package {@code dataset-fashion-mnist} installs it (IDX files), for the
 * benchmarks: fixed selections of training images per class and of test images, as images or as
 * an ImageFolder zip for the upload endpoint. Selection is the first images of each class in file
 * order, so every run and every benchmark sees the same ones.
 */
public final class FashionMnist {

    public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> CLASSES = List.of("t-shirt-top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle-boot");

    /** One 28x28 grayscale image with its label (an index into {@link #CLASSES}) and its position in its file. */
    public record Image(int index, int label, BufferedImage image) {

        public String className() {
            return CLASSES.get(label);
        }

        /** The image as a PNG file, as a user would upload it. */
        public byte[] png() throws IOException {
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return png.toByteArray();
        }
    }

    private FashionMnist() {
    }

    /** The first {@code perClass} training images of each class. */
    public static List<Image> train(int perClass) throws IOException {
        return balanced("train", perClass);
    }

    /** The first {@code perClass} test images of each class. */
    public static List<Image> test(int perClass) throws IOException {
        return balanced("t10k", perClass);
    }

    /** Writes images as an ImageFolder zip: {@code <class>/<index>.png}. */
    public static void writeZip(List<Image> images, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            for (Image image : images) {
                entries.putNextEntry(new ZipEntry("%s/%05d.png".formatted(image.className(), image.index())));
                entries.write(image.png());
                entries.closeEntry();
            }
        }
    }

    private static List<Image> balanced(String split, int perClass) throws IOException {
        if (!Files.isDirectory(DIR)) {
            throw new IllegalStateException(DIR + " is missing: apt-get install dataset-fashion-mnist");
        }
        byte[] labels = read(DIR.resolve(split + "-labels-idx1-ubyte.gz"), 2049);
        int[] counts = new int[CLASSES.size()];
        List<Image> images = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(
                Files.newInputStream(DIR.resolve(split + "-images-idx3-ubyte.gz"))))) {
            header(in, 2051);
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[rows * cols];
            for (int i = 0; i < labels.length && images.size() < perClass * CLASSES.size(); i++) {
                in.readFully(pixels);
                int label = labels[i];
                if (counts[label] < perClass) {
                    counts[label]++;
                    BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
                    image.getRaster().setDataElements(0, 0, cols, rows, pixels.clone());
                    images.add(new Image(i, label, image));
                }
            }
        }
        return images;
    }

    private static byte[] read(Path file, int magic) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
            int count = header(in, magic);
            byte[] values = new byte[count];
            in.readFully(values);
            return values;
        }
    }

    private static int header(DataInputStream in, int magic) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IOException("not an IDX file of the expected kind: magic " + found);
        }
        return in.readInt();
    }
}
