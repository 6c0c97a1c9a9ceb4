package io.tenfold.augment.pixel;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Accumulates the mean and covariance of RGB pixel values (in [0, 1]) over a set of images and
 * decomposes the covariance for {@link PcaColor}. Each image contributes at most
 * {@code pixelsPerImage} pixels, taken on a regular grid; once {@code maxPixels} are in, further
 * images are ignored (so feed images in a shuffled order, or size the budget to the dataset). Sums
 * of values and products are exact integers, so the result does not depend on the order of pixels.
 * Not thread-safe: one accumulator per thread, then {@link #merge}.
 */
public final class RgbPca {

    private final int pixelsPerImage;
    private final long maxPixels;
    private long n;
    private final long[] sum = new long[3];
    /** rr, rg, rb, gg, gb, bb. */
    private final long[] products = new long[6];

    public RgbPca(int pixelsPerImage, long maxPixels) {
        if (pixelsPerImage <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("pixel budgets must be positive");
        }
        this.pixelsPerImage = pixelsPerImage;
        this.maxPixels = maxPixels;
    }

    /** 4096 pixels per image, 10 million in all. */
    public RgbPca() {
        this(4096, 10_000_000L);
    }

    /** Adds up to {@code pixelsPerImage} pixels of the image on a regular grid. */
    public RgbPca add(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int step = (int) Math.max(1, Math.ceil(Math.sqrt((double) w * h / pixelsPerImage)));
        int[] row = new int[w];
        boolean direct = image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
                && buffer.getData().length == w * h && buffer.getOffset() == 0;
        int[] data = direct ? ((DataBufferInt) image.getRaster().getDataBuffer()).getData() : null;
        for (int y = step / 2; y < h && n < maxPixels; y += step) {
            if (!direct) {
                image.getRGB(0, y, w, 1, row, 0, w);
            }
            for (int x = step / 2; x < w && n < maxPixels; x += step) {
                addPixel(direct ? data[y * w + x] : row[x]);
            }
        }
        return this;
    }

    /** Adds every pixel counted by another accumulator. */
    public RgbPca merge(RgbPca other) {
        n += other.n;
        for (int i = 0; i < 3; i++) {
            sum[i] += other.sum[i];
        }
        for (int i = 0; i < 6; i++) {
            products[i] += other.products[i];
        }
        return this;
    }

    private void addPixel(int rgb) {
        long r = (rgb >> 16) & 0xFF;
        long g = (rgb >> 8) & 0xFF;
        long b = rgb & 0xFF;
        n++;
        sum[0] += r;
        sum[1] += g;
        sum[2] += b;
        products[0] += r * r;
        products[1] += r * g;
        products[2] += r * b;
        products[3] += g * g;
        products[4] += g * b;
        products[5] += b * b;
    }

    public long count() {
        return n;
    }

    /** Mean R, G, B in [0, 1]. */
    public double[] mean() {
        requirePixels();
        return new double[] {sum[0] / (255.0 * n), sum[1] / (255.0 * n), sum[2] / (255.0 * n)};
    }

    /** The population covariance of R, G, B in [0, 1] units. */
    public double[][] covariance() {
        requirePixels();
        double[][] c = new double[3][3];
        int[][] index = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
        double scale = 255.0 * 255.0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double centred = (double) products[index[i][j]] / n - ((double) sum[i] / n) * ((double) sum[j] / n);
                c[i][j] = centred / scale;
            }
        }
        return c;
    }

    /** The eigen-decomposition of {@link #covariance()}. */
    public RgbEigen eigen() {
        return decompose(covariance());
    }

    /**
     * Eigenvalues (descending, clamped at 0) and unit eigenvectors of a symmetric 3x3 matrix, by
     * cyclic Jacobi rotations. Each vector's largest-magnitude component is made negative, as in
     * the published ImageNet figures, so results are comparable across runs.
     */
    public static RgbEigen decompose(double[][] symmetric) {
        double[][] a = new double[3][3];
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = (symmetric[i][j] + symmetric[j][i]) / 2;
            }
        }
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = a[0][1] * a[0][1] + a[0][2] * a[0][2] + a[1][2] * a[1][2];
            double diag = a[0][0] * a[0][0] + a[1][1] * a[1][1] + a[2][2] * a[2][2];
            if (off <= 1e-30 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < 3; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
        double[] values = new double[3];
        double[][] vectors = new double[3][3];
        for (int k = 0; k < 3; k++) {
            int col = order[k];
            values[k] = Math.max(0, a[col][col]);
            int largest = 0;
            for (int i = 0; i < 3; i++) {
                vectors[k][i] = v[i][col];
                if (Math.abs(v[i][col]) > Math.abs(v[largest][col])) {
                    largest = i;
                }
            }
            if (vectors[k][largest] > 0) {
                for (int i = 0; i < 3; i++) {
                    vectors[k][i] = -vectors[k][i];
                }
            }
        }
        return new RgbEigen(values, vectors);
    }

    private void requirePixels() {
        if (n == 0) {
            throw new IllegalStateException("no pixels added");
        }
    }
}
