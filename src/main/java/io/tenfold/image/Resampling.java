package io.tenfold.image;

import java.awt.image.BufferedImage;

/**
 * Antialiased bilinear resampling: the filter of PIL's resize and of torchvision's with
 * {@code antialias=True}. Each output pixel is a triangle-weighted average of the source pixels
 * under it; when shrinking, the triangle is widened by the scale factor, so a tenfold reduction
 * averages over ten source pixels instead of sampling two of them (which is what plain bilinear
 * does, and why it aliases on large photographs). Enlarging, it is ordinary bilinear interpolation
 * between pixel centres.
 *
 * <p>Output pixel i of a box {@code [x, x + width)} scaled to n pixels is centred at
 * {@code x + (i + 0.5) * width / n} in source coordinates. The weights are clipped at the image's
 * edges, not the box's, and renormalised; so the crop of a resized image and the resized crop of
 * the box it came from are the same pixels, and an augmentation that resizes and crops in one pass
 * sees what serving, which resizes and then crops, sees. The filter is separable: rows first, into
 * floats, then columns, rounded once at the end.
 */
final class Resampling {

    private Resampling() {
    }

    /** The box of a dense TYPE_INT_RGB image scaled to {@code outWidth x outHeight}; the box is checked by the caller. */
    static BufferedImage resizedCrop(BufferedImage src, double x, double y, double width, double height, int outWidth,
            int outHeight) {
        int w = src.getWidth();
        int h = src.getHeight();
        int[] in = Pixels.data(src);
        Taps columns = Taps.of(x, width, outWidth, w);
        Taps rows = Taps.of(y, height, outHeight, h);
        int firstRow = rows.first[0];
        int lastRow = rows.first[outHeight - 1] + rows.count[outHeight - 1];
        // Rows pass: every source row any output row reads, resampled to the output width.
        float[] horizontal = new float[(lastRow - firstRow) * outWidth * 3];
        for (int sy = firstRow; sy < lastRow; sy++) {
            int base = sy * w;
            int o = (sy - firstRow) * outWidth * 3;
            for (int ox = 0; ox < outWidth; ox++, o += 3) {
                float r = 0;
                float g = 0;
                float b = 0;
                int tap = ox * columns.stride;
                int sx = columns.first[ox];
                for (int k = 0, n = columns.count[ox]; k < n; k++, sx++) {
                    float weight = columns.weights[tap + k];
                    int p = in[base + sx];
                    r += weight * ((p >> 16) & 0xFF);
                    g += weight * ((p >> 8) & 0xFF);
                    b += weight * (p & 0xFF);
                }
                horizontal[o] = r;
                horizontal[o + 1] = g;
                horizontal[o + 2] = b;
            }
        }
        // Columns pass, into the output.
        BufferedImage out = Pixels.create(outWidth, outHeight);
        int[] o = Pixels.data(out);
        int lineLength = outWidth * 3;
        float[] line = new float[lineLength];
        for (int oy = 0; oy < outHeight; oy++) {
            java.util.Arrays.fill(line, 0f);
            int tap = oy * rows.stride;
            int from = (rows.first[oy] - firstRow) * lineLength;
            for (int k = 0, n = rows.count[oy]; k < n; k++, from += lineLength) {
                float weight = rows.weights[tap + k];
                for (int i = 0; i < lineLength; i++) {
                    line[i] += weight * horizontal[from + i];
                }
            }
            int row = oy * outWidth;
            for (int ox = 0, i = 0; ox < outWidth; ox++, i += 3) {
                o[row + ox] = Pixels.clampRound(line[i]) << 16 | Pixels.clampRound(line[i + 1]) << 8
                        | Pixels.clampRound(line[i + 2]);
            }
        }
        return out;
    }

    /** For each output pixel along one axis: the first source pixel it reads, how many, and their weights. */
    private record Taps(int[] first, int[] count, float[] weights, int stride) {

        static Taps of(double start, double length, int out, int inSize) {
            double scale = length / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;   // the triangle's radius is one pixel, widened when shrinking
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            double[] w = new double[stride];
            for (int i = 0; i < out; i++) {
                double centre = start + (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support + 0.5));
                int hi = Math.min(inSize, (int) Math.floor(centre + support + 0.5));
                double sum = 0;
                int n = 0;
                for (int s = lo; s < hi && n < stride; s++, n++) {
                    double distance = Math.abs((s + 0.5 - centre) / filterScale);
                    w[n] = distance < 1 ? 1 - distance : 0;
                    sum += w[n];
                }
                if (sum == 0) {   // a box narrower than a pixel between two centres: take the nearest
                    lo = Math.min(inSize - 1, Math.max(0, (int) Math.floor(centre)));
                    n = 1;
                    w[0] = 1;
                    sum = 1;
                }
                first[i] = lo;
                count[i] = n;
                for (int k = 0; k < n; k++) {
                    weights[i * stride + k] = (float) (w[k] / sum);
                }
            }
            return new Taps(first, count, weights, stride);
        }
    }
}
