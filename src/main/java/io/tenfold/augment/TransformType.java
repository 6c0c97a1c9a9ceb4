package io.tenfold.augment;

import java.util.List;

/**
 * One entry of the JSON registry: a short stable type name, the record it stands for, its fields
 * (anything else in the object is an error) and how to read and write them. Types without a
 * field {@code p} accept one anyway: {@code {"type": "lens", ..., "p": 0.3}} is short for
 * {@code {"type": "random-apply", "p": 0.3, "transform": {"type": "lens", ...}}}.
 */
record TransformType<T extends RandomTransform<?>>(String name, Class<T> javaType, List<String> fields,
        Reader<T> reader, Writer<T> writer) {

    interface Reader<T> {
        T read(SpecReader in);
    }

    interface Writer<T> {
        void write(T transform, SpecWriter out);
    }

    TransformType {
        fields = List.copyOf(fields);
    }

    boolean ownsP() {
        return fields.contains("p");
    }

    void write(RandomTransform<?> transform, SpecWriter out) {
        writer.write(javaType.cast(transform), out);
    }
}
