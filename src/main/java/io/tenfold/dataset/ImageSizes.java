package io.tenfold.dataset;

import java.util.Arrays;

/** The spread of image sizes in a dataset, in pixels: smallest, median and largest width and height. */
public record ImageSizes(int minWidth, int medianWidth, int maxWidth, int minHeight, int medianHeight,
        int maxHeight) {

    static final class Collector {

        private int[] widths = new int[64];
        private int[] heights = new int[64];
        private int count;

        void add(int width, int height) {
            if (count == widths.length) {
                widths = Arrays.copyOf(widths, count * 2);
                heights = Arrays.copyOf(heights, count * 2);
            }
            widths[count] = width;
            heights[count] = height;
            count++;
        }

        ImageSizes summary() {
            if (count == 0) {
                return new ImageSizes(0, 0, 0, 0, 0, 0);
            }
            int[] w = Arrays.copyOf(widths, count);
            int[] h = Arrays.copyOf(heights, count);
            Arrays.sort(w);
            Arrays.sort(h);
            return new ImageSizes(w[0], w[count / 2], w[count - 1], h[0], h[count / 2], h[count - 1]);
        }
    }
}
