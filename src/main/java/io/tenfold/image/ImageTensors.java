package io.tenfold.image;

import java.awt.image.BufferedImage;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Packs RGB images into an NHWC float batch, normalised as the model's {@link Preprocessing} says. */
public final class ImageTensors {

    private ImageTensors() {
    }

    public static INDArray toNhwcBatch(List<BufferedImage> images, Preprocessing preprocessing) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        int h = images.get(0).getHeight();
        int w = images.get(0).getWidth();
        float[] data = new float[images.size() * h * w * 3];
        float[] mean = preprocessing.mean();
        float[] std = preprocessing.std();
        int[] row = new int[w];
        int i = 0;
        for (BufferedImage image : images) {
            if (image.getWidth() != w || image.getHeight() != h) {
                throw new IllegalArgumentException("images in a batch must have one size");
            }
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int rgb = row[x];
                    data[i++] = (((rgb >> 16) & 0xFF) / 255f - mean[0]) / std[0];
                    data[i++] = (((rgb >> 8) & 0xFF) / 255f - mean[1]) / std[1];
                    data[i++] = ((rgb & 0xFF) / 255f - mean[2]) / std[2];
                }
            }
        }
        return Nd4j.create(data, new long[] {images.size(), h, w, 3}, DataType.FLOAT);
    }
}
