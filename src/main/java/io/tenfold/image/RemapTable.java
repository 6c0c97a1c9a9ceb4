package io.tenfold.image;

/**
 * Where each pixel of a {@code width x height} output is read from: source coordinates in pixel
 * units, pixel centres at integers (OpenCV's {@code remap} convention), row-major. Immutable: the
 * arrays are copied in and never handed out.
 */
public final class RemapTable {

    private final int width;
    private final int height;
    final float[] sourceX;
    final float[] sourceY;

    public RemapTable(int width, int height, float[] sourceX, float[] sourceY) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("remap table size must be positive, was %dx%d".formatted(width, height));
        }
        long n = (long) width * height;
        if (sourceX.length != n || sourceY.length != n) {
            throw new IllegalArgumentException("a %dx%d remap table needs %d source coordinates per axis, got %d and %d"
                    .formatted(width, height, n, sourceX.length, sourceY.length));
        }
        this.width = width;
        this.height = height;
        this.sourceX = sourceX.clone();
        this.sourceY = sourceY.clone();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public float sourceX(int x, int y) {
        return sourceX[y * width + x];
    }

    public float sourceY(int x, int y) {
        return sourceY[y * width + x];
    }

    @Override
    public String toString() {
        return "RemapTable[%dx%d]".formatted(width, height);
    }
}
