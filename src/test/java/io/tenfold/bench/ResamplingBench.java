package io.tenfold.bench;

import io.tenfold.graph.GraphCuts;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.ImageOps;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import io.tenfold.image.Warp;
import io.tenfold.system.NativeBackend;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the resampler does to a network's view of real photographs (docs/architecture.md, "One view
 * of an image"): the evaluation view cut with plain bilinear {@code Graphics2D} (how serving
 * resized before) against the antialiased {@code Warp.resizedCrop} (how everything resizes now),
 * from each photograph at its own size and enlarged 2x and 4x (bicubic, standing in for a camera's
 * full resolution).
 *
 * <p>Two measures, both on the shipped MobileNetV2: (1) scale consistency, the cosine similarity of
 * the pure-ImageNet features at {@code block_10_project_BN} (globally pooled) between a photo's view
 * at its own size and at 2x/4x, and whether the shipped head's top class stays the same; (2) the
 * train/serve gap as it was, the mean absolute pixel difference and feature similarity between
 * the old serving view and the old training crop (block-averaged then bilinear) of the same box.
 *
 * <p>Usage: {@code ResamplingBench DIR [DIR...]} (JPEG files in each directory).
 */
public final class ResamplingBench {

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);
    private static final Preprocessing VIEW = Preprocessing.unitRange(224);
    private static final String PURE_IMAGENET = "block_10_project_BN";
    /** The shipped head's classes are drawings, hentai, neutral, porn, sexy. */
    private static final int NEUTRAL = 2;

    public static void main(String[] args) throws Exception {
        NativeBackend.configure();
        List<Path> photos = new ArrayList<>();
        for (String dir : args) {
            try (var files = Files.list(Path.of(dir))) {
                files.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(photos::add);
            }
        }
        BaseModel base = BaseModelCatalog.builtIn().get("mobilenetv2");
        ComputationGraph network = base.load();
        ComputationGraph features = GraphCuts.truncatedAt(network, PURE_IMAGENET);
        String[] names = {"plain bilinear (before)", "antialiased (now)"};
        List<BiFunction<BufferedImage, int[], BufferedImage>> resamplers = List.of(ResamplingBench::bilinear,
                (image, size) -> ImageOps.resize(image, size[0], size[1]));
        int[] factors = {2, 4};
        double[][] cosine = new double[2][factors.length];
        int[][] sameTop = new int[2][factors.length];
        int[][] neutral = new int[2][factors.length + 1];   // the shipped head's class 2: an everyday photograph
        double gapPixels = 0;
        double gapCosine = 0;
        for (Path file : photos) {
            BufferedImage photo = DECODER.decode(Files.readAllBytes(file));
            for (int r = 0; r < 2; r++) {
                BufferedImage own = view(photo, resamplers.get(r));
                float[] ownFeatures = pooled(features, own);
                int ownTop = top(network, own);
                neutral[r][0] += ownTop == NEUTRAL ? 1 : 0;
                for (int f = 0; f < factors.length; f++) {
                    BufferedImage large = bicubic(photo, factors[f]);
                    BufferedImage view = view(large, resamplers.get(r));
                    cosine[r][f] += cos(ownFeatures, pooled(features, view)) / photos.size();
                    int scaledTop = top(network, view);
                    neutral[r][f + 1] += scaledTop == NEUTRAL ? 1 : 0;
                    sameTop[r][f] += scaledTop == ownTop ? 1 : 0;
                    if (scaledTop != ownTop) {
                        System.out.printf("  %s: %s, %dx gives class %d instead of %d%n", file.getFileName(), names[r],
                                factors[f], scaledTop, ownTop);
                    }
                }
            }
            // The old train/serve gap: the same centre box as a training crop (block average, then bilinear).
            BufferedImage serving = view(photo, ResamplingBench::bilinear);
            BufferedImage training = oldTrainingCrop(photo);
            gapPixels += meanAbsoluteDifference(serving, training) / photos.size();
            gapCosine += cos(pooled(features, serving), pooled(features, training)) / photos.size();
        }
        System.out.printf("%d photographs; features at %s (globally pooled), the shipped head's top class%n",
                photos.size(), PURE_IMAGENET);
        for (int r = 0; r < 2; r++) {
            for (int f = 0; f < factors.length; f++) {
                System.out.printf("%-24s own size vs %dx: feature cosine %.4f, same top class %d/%d%n", names[r],
                        factors[f], cosine[r][f], sameTop[r][f], photos.size());
            }
        }
        for (int r = 0; r < 2; r++) {
            System.out.printf("%-24s classified neutral at own size, 2x, 4x: %d, %d, %d of %d%n", names[r],
                    neutral[r][0], neutral[r][1], neutral[r][2], photos.size());
        }
        System.out.printf("before: serving view vs training crop of the same box: mean |pixel difference| %.2f "
                + "(of 255), feature cosine %.4f; now the same bytes%n", gapPixels, gapCosine);
        System.exit(0);
    }

    /** The evaluation view with the given whole-image resize. */
    private static BufferedImage view(BufferedImage image, BiFunction<BufferedImage, int[], BufferedImage> resize) {
        int[] size = ImageOps.shortSideSize(image.getWidth(), image.getHeight(), VIEW.resizeSize());
        BufferedImage resized = resize.apply(image, size);
        return ImageOps.centerCrop(resized, VIEW.inputSize(), VIEW.inputSize());
    }

    /** The centre box of the evaluation view, cut as augmented training cut crops before: k x k block average, then bilinear. */
    private static BufferedImage oldTrainingCrop(BufferedImage image) {
        int[] size = ImageOps.shortSideSize(image.getWidth(), image.getHeight(), VIEW.resizeSize());
        double perPixel = (double) image.getWidth() / size[0];
        double x = (size[0] - VIEW.inputSize()) / 2 * perPixel;
        double y = (size[1] - VIEW.inputSize()) / 2 * perPixel;
        double box = VIEW.inputSize() * perPixel;
        int k = Math.max(1, (int) Math.floor(box / VIEW.inputSize()));
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int x1 = Math.min(image.getWidth(), (int) Math.ceil(x + box));
        int y1 = Math.min(image.getHeight(), (int) Math.ceil(y + box));
        BufferedImage reduced = blockAverage(Warp.crop(image, x0, y0, x1 - x0, y1 - y0), k);
        BufferedImage out = new BufferedImage(VIEW.inputSize(), VIEW.inputSize(), BufferedImage.TYPE_INT_RGB);
        double scale = VIEW.inputSize() / (box / k);
        java.awt.geom.AffineTransform transform = new java.awt.geom.AffineTransform(scale, 0, 0, scale,
                -(x - x0) / k * scale, -(y - y0) / k * scale);
        new java.awt.image.AffineTransformOp(transform, java.awt.image.AffineTransformOp.TYPE_BILINEAR)
                .filter(reduced, out);
        return out;
    }

    private static BufferedImage blockAverage(BufferedImage image, int k) {
        if (k == 1) {
            return image;
        }
        int w = (image.getWidth() + k - 1) / k;
        int h = (image.getHeight() + k - 1) / k;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int oy = 0; oy < h; oy++) {
            for (int ox = 0; ox < w; ox++) {
                long r = 0;
                long g = 0;
                long b = 0;
                int n = 0;
                for (int y = oy * k; y < Math.min(image.getHeight(), oy * k + k); y++) {
                    for (int x = ox * k; x < Math.min(image.getWidth(), ox * k + k); x++) {
                        int p = image.getRGB(x, y);
                        r += (p >> 16) & 0xFF;
                        g += (p >> 8) & 0xFF;
                        b += p & 0xFF;
                        n++;
                    }
                }
                out.setRGB(ox, oy, (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8 | (int) ((b + n / 2) / n));
            }
        }
        return out;
    }

    /** How serving resized before: java.awt's bilinear interpolation, no antialiasing. */
    private static BufferedImage bilinear(BufferedImage image, int[] size) {
        return draw(image, size[0], size[1], RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    }

    private static BufferedImage bicubic(BufferedImage image, int factor) {
        return draw(image, image.getWidth() * factor, image.getHeight() * factor,
                RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height, Object interpolation) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static float[] pooled(ComputationGraph features, BufferedImage view) {
        try (INDArray input = ImageTensors.toNhwcBatch(List.of(view), VIEW);
                INDArray map = features.outputSingle(false, input)) {
            return map.mean(1, 2).toFloatVector();
        }
    }

    private static int top(ComputationGraph network, BufferedImage view) {
        try (INDArray input = ImageTensors.toNhwcBatch(List.of(view), VIEW);
                INDArray output = network.outputSingle(false, input)) {
            return output.argMax(1).getInt(0);
        }
    }

    private static double cos(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) + Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF))
                        + Math.abs((p & 0xFF) - (q & 0xFF));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }
}
