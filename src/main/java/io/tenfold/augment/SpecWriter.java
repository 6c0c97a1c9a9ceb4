package io.tenfold.augment;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes one transform's fields into its JSON object, in the forms {@link SpecReader} reads. */
final class SpecWriter {

    private final ObjectNode node;
    private final TransformRegistry registry;

    SpecWriter(ObjectNode node, TransformRegistry registry) {
        this.node = node;
        this.registry = registry;
    }

    SpecWriter number(String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
        return this;
    }

    SpecWriter integer(String field, int value) {
        node.put(field, value);
        return this;
    }

    SpecWriter range(String field, Range range) {
        ArrayNode a = node.putArray(field);
        add(a, range.min());
        add(a, range.max());
        return this;
    }

    /** b for [-b, b], else [min, max]. */
    SpecWriter rangeOrBound(String field, Range range) {
        return range.isSymmetric() ? number(field, range.max()) : range(field, range);
    }

    SpecWriter numbers(String field, double[] values) {
        ArrayNode a = node.putArray(field);
        for (double v : values) {
            add(a, v);
        }
        return this;
    }

    SpecWriter numberList(String field, List<Double> values) {
        ArrayNode a = node.putArray(field);
        for (double v : values) {
            add(a, v);
        }
        return this;
    }

    SpecWriter matrix(String field, double[][] rows) {
        ArrayNode a = node.putArray(field);
        for (double[] row : rows) {
            ArrayNode r = a.addArray();
            for (double v : row) {
                add(r, v);
            }
        }
        return this;
    }

    SpecWriter rgb(String field, int rgb) {
        node.putArray(field).add((rgb >> 16) & 0xFF).add((rgb >> 8) & 0xFF).add(rgb & 0xFF);
        return this;
    }

    SpecWriter transform(String field, RandomTransform<?> transform) {
        node.set(field, registry.write(transform));
        return this;
    }

    SpecWriter transforms(String field, List<RandomTransform<?>> transforms) {
        ArrayNode a = node.putArray(field);
        for (RandomTransform<?> t : transforms) {
            a.add(registry.write(t));
        }
        return this;
    }

    private static void add(ArrayNode a, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            a.add((long) v);
        } else {
            a.add(v);
        }
    }
}
