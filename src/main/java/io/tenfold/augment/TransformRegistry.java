package io.tenfold.augment;

import io.tenfold.augment.geometric.LensDistortion;
import io.tenfold.augment.geometric.RandomAffine;
import io.tenfold.augment.geometric.RandomHorizontalFlip;
import io.tenfold.augment.geometric.RandomResizedCrop;
import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.ColorJitter;
import io.tenfold.augment.pixel.PcaColor;
import io.tenfold.augment.pixel.RgbEigen;
import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The transform types a policy document may name, by their short stable names. */
final class TransformRegistry {

    static final TransformRegistry BUILT_IN = new TransformRegistry(List.of(
            new TransformType<>("hflip", RandomHorizontalFlip.class, List.of("p"),
                    in -> new RandomHorizontalFlip(in.number("p", RandomHorizontalFlip.DEFAULT_P)),
                    (t, out) -> out.number("p", t.p())),
            new TransformType<>("scale-crop", RandomScaleCrop.class, List.of("min", "max"),
                    in -> new RandomScaleCrop(in.inputSize(),
                            in.integer("min", RandomScaleCrop.defaultMin(in.inputSize())),
                            in.integer("max", RandomScaleCrop.defaultMax(in.inputSize()))),
                    (t, out) -> out.integer("min", t.min()).integer("max", t.max())),
            new TransformType<>("random-resized-crop", RandomResizedCrop.class, List.of("scale", "ratio"),
                    in -> new RandomResizedCrop(in.inputSize(),
                            in.range("scale", RandomResizedCrop.DEFAULT_SCALE),
                            in.range("ratio", RandomResizedCrop.DEFAULT_RATIO)),
                    (t, out) -> out.range("scale", t.scale()).range("ratio", t.ratio())),
            new TransformType<>("color-jitter", ColorJitter.class, List.of("brightness", "contrast", "saturation"),
                    in -> new ColorJitter(in.number("brightness", 0), in.number("contrast", 0), in.number("saturation", 0)),
                    (t, out) -> out.number("brightness", t.brightness()).number("contrast", t.contrast())
                            .number("saturation", t.saturation())),
            new TransformType<>("pca-color", PcaColor.class, List.of("sigma", "eigenvalues", "eigenvectors"),
                    TransformRegistry::readPcaColor, TransformRegistry::writePcaColor),
            new TransformType<>("affine", RandomAffine.class,
                    List.of("degrees", "translate", "scale", "stretch", "shear", "fill"),
                    TransformRegistry::readAffine, TransformRegistry::writeAffine),
            new TransformType<>("lens", LensDistortion.class, List.of("k1", "k2", "fill"),
                    in -> new LensDistortion(in.rangeOrBound("k1", Range.constant(0)),
                            in.rangeOrBound("k2", Range.constant(0)), in.rgb("fill", 0)),
                    (t, out) -> {
                        out.range("k1", t.k1()).range("k2", t.k2());
                        if (t.fill() != 0) {
                            out.rgb("fill", t.fill());
                        }
                    }),
            new TransformType<>("compose", Compose.class, List.of("transforms"),
                    in -> new Compose(in.transforms("transforms")),
                    (t, out) -> out.transforms("transforms", t.transforms())),
            new TransformType<>("random-apply", RandomApply.class, List.of("p", "transform"),
                    in -> randomApply(in.number("p"), in.transform("transform")),
                    (t, out) -> out.number("p", t.p()).transform("transform", t.transform())),
            new TransformType<>("one-of", OneOf.class, List.of("transforms", "weights"),
                    TransformRegistry::readOneOf,
                    (t, out) -> {
                        out.transforms("transforms", t.transforms());
                        if (!t.uniform()) {
                            out.numberList("weights", t.weights());
                        }
                    })));

    private final Map<String, TransformType<?>> byName = new LinkedHashMap<>();
    private final Map<Class<?>, TransformType<?>> byClass = new LinkedHashMap<>();

    TransformRegistry(List<TransformType<?>> types) {
        for (TransformType<?> type : types) {
            if (byName.put(type.name(), type) != null || byClass.put(type.javaType(), type) != null) {
                throw new IllegalArgumentException("duplicate transform type " + type.name());
            }
        }
    }

    List<String> names() {
        return List.copyOf(new TreeSet<>(byName.keySet()));
    }

    /** A transform from its JSON object; problems name fields relative to that object. */
    RandomTransform<?> read(JsonNode node, int inputSize) {
        if (node == null || !node.isObject()) {
            throw new InvalidFieldException("", "must be an object with a \"type\"");
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new InvalidFieldException("type", "required; known: " + String.join(", ", names()));
        }
        if (!typeNode.isString()) {
            throw new InvalidFieldException("type", "must be a string; known: " + String.join(", ", names()));
        }
        TransformType<?> type = byName.get(typeNode.stringValue());
        if (type == null) {
            throw new InvalidFieldException("type",
                    "unknown '" + Echo.of(typeNode.stringValue()) + "'; known: " + String.join(", ", names()));
        }
        boolean sugarP = !type.ownsP() && node.has("p");
        for (String field : node.propertyNames()) {
            if (!field.equals("type") && !type.fields().contains(field) && !(sugarP && field.equals("p"))) {
                throw new InvalidFieldException(field, "unknown field of '%s'; known: %s"
                        .formatted(type.name(), String.join(", ", type.ownsP() ? type.fields() : withP(type.fields()))));
            }
        }
        SpecReader in = new SpecReader(node, inputSize, this);
        RandomTransform<?> transform = type.reader().read(in);
        return sugarP ? randomApply(in.number("p"), transform) : transform;
    }

    ObjectNode write(RandomTransform<?> transform) {
        if (transform instanceof RandomApply<?> apply) {
            ObjectNode inner = write(apply.transform());
            if (!inner.has("p")) {
                new SpecWriter(inner, this).number("p", apply.p());
                return inner;
            }
        }
        TransformType<?> type = byClass.get(transform.getClass());
        if (type == null) {
            throw new IllegalArgumentException(transform.getClass().getName() + " has no JSON type; known: " + String.join(", ", names()));
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type.name());
        type.write(transform, new SpecWriter(node, this));
        return node;
    }

    private static List<String> withP(List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        all.add("p");
        return all;
    }

    private static <P> RandomApply<P> randomApply(double p, RandomTransform<P> transform) {
        return new RandomApply<>(p, transform);
    }

    private static PcaColor readPcaColor(SpecReader in) {
        double sigma = in.number("sigma", PcaColor.DEFAULT_SIGMA);
        double[] values = in.numbers("eigenvalues", 3);
        double[][] vectors = in.matrix("eigenvectors", 3, 3);
        if ((values == null) != (vectors == null)) {
            throw new InvalidFieldException(values == null ? "eigenvalues" : "eigenvectors",
                    "required with " + (values == null ? "eigenvectors" : "eigenvalues") + " (give both, or neither for ImageNet's)");
        }
        return new PcaColor(sigma, values == null ? RgbEigen.IMAGENET : new RgbEigen(values, vectors));
    }

    private static void writePcaColor(PcaColor t, SpecWriter out) {
        out.number("sigma", t.sigma());
        if (!t.eigen().equals(RgbEigen.IMAGENET)) {
            out.numbers("eigenvalues", t.eigen().values()).matrix("eigenvectors", t.eigen().vectors());
        }
    }

    private static RandomAffine readAffine(SpecReader in) {
        RandomAffine.Builder b = RandomAffine.builder()
                .optDegrees(in.rangeOrBound("degrees", Range.constant(0)))
                .optScale(in.range("scale", Range.constant(1)))
                .optStretch(in.range("stretch", Range.constant(1)))
                .optShear(in.rangeOrBound("shear", Range.constant(0)))
                .optFill(in.rgb("fill", 0));
        double[] xy = in.numberOrPair("translate");
        if (xy != null) {
            b.optTranslate(xy[0], xy[1]);
        }
        return b.build();
    }

    private static void writeAffine(RandomAffine t, SpecWriter out) {
        out.rangeOrBound("degrees", t.degrees());
        if (t.translateX() == t.translateY()) {
            out.number("translate", t.translateX());
        } else {
            out.numbers("translate", new double[] {t.translateX(), t.translateY()});
        }
        out.range("scale", t.scale()).range("stretch", t.stretch()).rangeOrBound("shear", t.shear());
        if (t.fill() != 0) {
            out.rgb("fill", t.fill());
        }
    }

    private static OneOf readOneOf(SpecReader in) {
        List<RandomTransform<?>> transforms = in.transforms("transforms");
        List<Double> weights = in.numberList("weights");
        return weights == null ? new OneOf(transforms) : new OneOf(transforms, weights);
    }
}
