package io.tenfold.augment;

import io.tenfold.augment.geometric.RandomResizedCrop;
import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.PcaColor;
import io.tenfold.augment.pixel.RgbEigen;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * What training does to each image: a {@link Compose} and the network's input size. Its output is
 * always {@code inputSize x inputSize}: when the transforms end at another size (no crop, as in
 * the {@code none} preset) the evaluation view finishes it, short side resized to
 * {@code inputSize * 256 / 224} and the centre square cropped. Serialised as a versioned JSON
 * document, see {@link #toJson()} and docs/augmentation.md.
 */
public record AugmentationPolicy(int inputSize, Compose transforms) implements RandomTransform<Compose.Params> {

    public static final int MIN_INPUT_SIZE = 16;
    public static final int MAX_INPUT_SIZE = 4096;

    public AugmentationPolicy {
        checkInputSize(inputSize);
        Checks.notNull("transforms", transforms);
        List<RandomTransform<?>> list = transforms.transforms();
        for (int i = 0; i < list.size(); i++) {
            checkCropSizes(list.get(i), inputSize, "transforms[" + i + "]");
        }
    }

    public static AugmentationPolicy of(int inputSize, RandomTransform<?>... transforms) {
        return new AugmentationPolicy(inputSize, Compose.of(transforms));
    }

    /**
     * Parses a policy document; every problem is an {@link InvalidFieldException} naming the
     * field, e.g. {@code transforms[2].p: must be in [0, 1], was 1.5}.
     */
    public static AugmentationPolicy fromJson(String json) {
        return PolicyJson.read(json, TransformRegistry.BUILT_IN);
    }

    /** The versioned JSON document; {@link #fromJson} of it gives an equal policy. */
    public String toJson() {
        return PolicyJson.write(this, TransformRegistry.BUILT_IN);
    }

    /** The short type names a document may use. */
    public static List<String> typeNames() {
        return TransformRegistry.BUILT_IN.names();
    }

    /** Whether the policy changes images at all ({@code none} has no transforms). */
    public boolean augments() {
        return !transforms.transforms().isEmpty();
    }

    /**
     * The same policy with every PCA colour transform that uses ImageNet's eigen-decomposition (the
     * default) using the given one (the dataset's) instead; one that names its own keeps it.
     */
    public AugmentationPolicy withPcaEigen(RgbEigen eigen) {
        UnaryOperator<RandomTransform<?>> swap = t -> t instanceof PcaColor pca && pca.eigen() == RgbEigen.IMAGENET
                ? pca.withEigen(eigen) : t;
        return new AugmentationPolicy(inputSize, (Compose) map(transforms, swap));
    }

    /** The augmented image for sample {@code index} of {@code epoch} in a job seeded {@code seed}. */
    public BufferedImage augment(BufferedImage image, long seed, long epoch, long index) {
        return augment(image, Seeds.forSample(seed, epoch, index));
    }

    @Override
    public Compose.Params sample(ImageInfo input, RandomGenerator rng) {
        return transforms.sample(input, rng);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Compose.Params params) {
        BufferedImage out = transforms.apply(image, params);
        if (out.getWidth() == inputSize && out.getHeight() == inputSize) {
            return out;
        }
        return centerView(out, inputSize);
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Compose.Params params) {
        return ImageInfo.square(inputSize);
    }

    /** Short side resized to {@code size * 256 / 224}, centre square of {@code size} cropped, in one resampling. */
    static BufferedImage centerView(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        double box = (double) size * Math.min(w, h) / RandomScaleCrop.defaultMin(size);
        return Warp.resizedCrop(image, (w - box) / 2, (h - box) / 2, box, box, size, size);
    }

    static int checkInputSize(int inputSize) {
        if (inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
            throw new InvalidFieldException("inputSize",
                    "must be in [%d, %d], was %d".formatted(MIN_INPUT_SIZE, MAX_INPUT_SIZE, inputSize));
        }
        return inputSize;
    }

    private static void checkCropSizes(RandomTransform<?> t, int inputSize, String path) {
        int size = t instanceof RandomScaleCrop c ? c.size() : t instanceof RandomResizedCrop c ? c.size() : inputSize;
        if (size != inputSize) {
            throw new InvalidFieldException(path + ".size", "crops to %d but the policy's input size is %d"
                    .formatted(size, inputSize));
        }
        List<RandomTransform<?>> children = t instanceof Compose c ? c.transforms()
                : t instanceof OneOf o ? o.transforms()
                : t instanceof RandomApply<?> a ? List.of(a.transform()) : List.of();
        String name = t instanceof RandomApply<?> ? ".transform" : ".transforms";
        for (int i = 0; i < children.size(); i++) {
            checkCropSizes(children.get(i), inputSize, path + name + (t instanceof RandomApply<?> ? "" : "[" + i + "]"));
        }
    }

    private static RandomTransform<?> map(RandomTransform<?> t, UnaryOperator<RandomTransform<?>> leaf) {
        if (t instanceof Compose c) {
            return new Compose(mapAll(c.transforms(), leaf));
        }
        if (t instanceof OneOf o) {
            return new OneOf(mapAll(o.transforms(), leaf), o.weights());
        }
        if (t instanceof RandomApply<?> a) {
            return new RandomApply<>(a.p(), map(a.transform(), leaf));
        }
        return leaf.apply(t);
    }

    private static List<RandomTransform<?>> mapAll(List<RandomTransform<?>> ts, UnaryOperator<RandomTransform<?>> leaf) {
        List<RandomTransform<?>> out = new ArrayList<>(ts.size());
        for (RandomTransform<?> t : ts) {
            out.add(map(t, leaf));
        }
        return out;
    }
}
