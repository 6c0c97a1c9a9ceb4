package io.tenfold.transfer.tfjs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Reads the weights that a TF.js {@code weightsManifest} describes: every group's shards are
 * concatenated in path order and cut into the group's weights in manifest order, little-endian.
 *
 * <p>Stored dtypes: {@code float32} and {@code int32}, or quantized {@code uint8} / {@code uint16}
 * (value = {@code min + scale * q}, computed in double and rounded to float32 exactly as
 * TF.js does; {@code Math.round} of it for an int32 weight) and {@code float16}. The quantization
 * object is read by key, so its key order and an {@code original_dtype} field do not matter. All
 * values come out as float32, since DL4J parameters are floating point.
 */
final class TfjsWeights {

    /** One decoded weight: its manifest name, shape (Keras order) and values (row-major). */
    record Weight(String name, long[] shape, float[] values) {
        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /** The value types a weights manifest names: stored as they are, or quantized to the smaller ones. */
    enum Dtype {
        FLOAT32(4), INT32(4), UINT16(2), FLOAT16(2), UINT8(1);

        private final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        /** The dtype a manifest names ({@code "float32"}), or null for a name that is none of these. */
        static Dtype named(String name) {
            for (Dtype dtype : values()) {
                if (dtype.manifestName().equals(name)) {
                    return dtype;
                }
            }
            return null;
        }

        String manifestName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the bytes of one weight are stored, and what they decode to. */
    record Encoding(Dtype stored, Dtype target, double min, double scale) {

        int bytesPerValue() {
            return stored.bytes;
        }
    }

    private TfjsWeights() {
    }

    /** Decodes every weight of every group of the manifest. */
    static List<Weight> read(JsonNode manifest, TfjsModelSource source) {
        if (manifest == null || !manifest.isArray()) {
            throw new TfjsImportException("model.json of " + source.description()
                    + " has no weightsManifest array");
        }
        List<Weight> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int groupIndex = 0;
        for (JsonNode group : manifest) {
            groupIndex++;
            for (Weight w : readGroup(group, groupIndex, source)) {
                if (!seen.add(w.name())) {
                    throw new TfjsImportException("weight '" + w.name() + "' appears twice in the weights manifest");
                }
                result.add(w);
            }
        }
        return result;
    }

    private static List<Weight> readGroup(JsonNode group, int groupIndex, TfjsModelSource source) {
        String where = "weight group " + groupIndex;
        JsonNode paths = group.get("paths");
        JsonNode weights = group.get("weights");
        if (paths == null || !paths.isArray() || weights == null || !weights.isArray()) {
            throw new TfjsImportException(where + " of the weights manifest needs 'paths' and 'weights' arrays");
        }

        // Layout first, so the shard bytes can be checked against it.
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        List<Encoding> encodings = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        long expectedBytes = 0;
        for (JsonNode spec : weights) {
            String name = text(spec, "name", where + ": a weight");
            long[] shape = shape(spec, name);
            Encoding encoding = encoding(spec, name);
            long count = 1;
            for (long d : shape) {
                count = d == 0 || count <= (Integer.MAX_VALUE - 8) / d ? count * d : Integer.MAX_VALUE;
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new TfjsImportException("weight '" + name + "' is too large (" + count + " values)");
            }
            names.add(name);
            shapes.add(shape);
            encodings.add(encoding);
            counts.add((int) count);
            expectedBytes += count * encoding.bytesPerValue();
            ends.add(expectedBytes);
        }
        if (expectedBytes > Integer.MAX_VALUE - 8) {
            throw new TfjsImportException(where + " describes " + expectedBytes + " bytes, more than one group can hold");
        }

        List<String> shardPaths = new ArrayList<>();
        for (JsonNode p : paths) {
            if (!p.isString()) {
                throw new TfjsImportException(where + ": shard paths must be strings, found " + p);
            }
            shardPaths.add(p.stringValue());
        }
        byte[] bytes = readShards(shardPaths, (int) expectedBytes, where, names, ends, source);

        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Weight> result = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            float[] values = decode(buffer, encodings.get(i), counts.get(i));
            result.add(new Weight(names.get(i), shapes.get(i), values));
        }
        return result;
    }

    /** Reads and concatenates the shards, insisting on exactly {@code expected} bytes in all. */
    private static byte[] readShards(List<String> shardPaths, int expected, String where, List<String> names,
                                     List<Long> ends, TfjsModelSource source) {
        // Grown as bytes arrive, so a manifest that claims more than the shards hold costs no memory.
        byte[] bytes = new byte[Math.min(expected, 1 << 20)];
        int filled = 0;
        long actual = 0;
        for (String path : shardPaths) {
            try (InputStream in = source.open(path)) {
                while (filled < expected) {
                    if (filled == bytes.length) {
                        bytes = Arrays.copyOf(bytes, (int) Math.min(expected, 2L * bytes.length));
                    }
                    int n = in.read(bytes, filled, bytes.length - filled);
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                    actual += n;
                }
                actual += in.transferTo(OutputStream.nullOutputStream());
            } catch (NoSuchFileException | FileNotFoundException e) {
                throw new TfjsImportException("shard '" + path + "' of " + where + " (weights "
                        + summarize(names) + ") is missing from " + source.description(), e);
            } catch (IOException e) {
                throw new TfjsImportException("cannot read shard '" + path + "' of " + where + " (weights "
                        + summarize(names) + ") from " + source.description() + ": " + e, e);
            } catch (IllegalArgumentException e) {
                throw new TfjsImportException("bad shard path in " + where + ": " + e.getMessage(), e);
            }
        }
        if (actual != expected) {
            String detail;
            if (actual < expected) {
                int i = 0;
                while (ends.get(i) <= actual) {
                    i++;
                }
                long start = i == 0 ? 0 : ends.get(i - 1);
                detail = "weight '" + names.get(i) + "' (bytes " + start + ".." + ends.get(i)
                        + ") is not all there";
            } else {
                detail = (actual - expected) + " bytes are left over after "
                        + (names.isEmpty() ? "the (empty) weight list" : "the last weight '" + names.get(names.size() - 1) + "'");
            }
            throw new TfjsImportException("size mismatch in " + where + " " + shardPaths + ": the manifest describes "
                    + expected + " bytes (weights " + summarize(names) + ") but the shards hold " + actual
                    + " bytes; " + detail);
        }
        return bytes;
    }

    private static String summarize(List<String> names) {
        if (names.size() <= 4) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 3)) + ", ... " + names.get(names.size() - 1)
                + " (" + names.size() + " in all)";
    }

    static float[] decode(ByteBuffer buffer, Encoding e, int count) {
        float[] out = new float[count];
        boolean toInt = e.target() == Dtype.INT32;
        switch (e.stored()) {
            case FLOAT32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buffer.getFloat();
                }
            }
            case INT32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = buffer.getInt();
                }
            }
            case UINT8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = dequantize(buffer.get() & 0xff, e.min(), e.scale(), toInt);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = dequantize(buffer.getShort() & 0xffff, e.min(), e.scale(), toInt);
                }
            }
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = halfToFloat(buffer.getShort() & 0xffff);
                }
            }
            default -> throw new IllegalStateException(e.stored().toString());
        }
        return out;
    }

    /** TF.js: {@code values[i] = q * scale + min} in double, stored into a Float32Array. */
    static float dequantize(int q, double min, double scale, boolean toInt) {
        double v = q * scale + min;
        return toInt ? (float) Math.round(v) : (float) v;
    }

    /** IEEE 754 binary16 to float (exact: every half value is a float value). */
    static float halfToFloat(int h) {
        int sign = (h >>> 15) & 1;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    static Encoding encoding(JsonNode spec, String name) {
        JsonNode q = spec.get("quantization");
        String dtypeName = lower(spec.get("dtype"));
        Dtype dtype = Dtype.named(dtypeName);
        if (q == null || q.isNull()) {
            if (dtypeName == null) {
                throw new TfjsImportException("weight '" + name + "' has no dtype");
            }
            if (dtype != Dtype.FLOAT32 && dtype != Dtype.INT32) {
                throw new TfjsImportException("weight '" + name + "' has unsupported dtype '" + dtypeName
                        + "' (supported: float32, int32, or quantized uint8/uint16/float16)");
            }
            return new Encoding(dtype, dtype, 0, 1);
        }
        if (!q.isObject()) {
            throw new TfjsImportException("weight '" + name + "' has a malformed quantization entry: " + q);
        }
        String storedName = lower(q.get("dtype"));
        String targetName = dtypeName != null ? dtypeName : lower(q.get("original_dtype"));
        Dtype target = targetName == null ? Dtype.FLOAT32 : Dtype.named(targetName);
        if (target != Dtype.FLOAT32 && target != Dtype.INT32) {
            throw new TfjsImportException("weight '" + name + "' is quantized to unsupported dtype '" + targetName + "'");
        }
        if (storedName == null) {
            throw new TfjsImportException("weight '" + name + "' has a quantization entry without dtype");
        }
        Dtype stored = Dtype.named(storedName);
        if (stored == Dtype.UINT8 || stored == Dtype.UINT16) {
            JsonNode min = q.get("min");
            JsonNode scale = q.get("scale");
            if (min == null || !min.isNumber() || scale == null || !scale.isNumber()) {
                throw new TfjsImportException("weight '" + name + "' is quantized as " + storedName
                        + " but its quantization lacks numeric 'min' and 'scale'");
            }
            return new Encoding(stored, target, min.doubleValue(), scale.doubleValue());
        }
        if (stored == Dtype.FLOAT16) {
            if (target != Dtype.FLOAT32) {
                throw new TfjsImportException("weight '" + name + "': float16 quantization needs a float32 weight");
            }
            return new Encoding(stored, target, 0, 1);
        }
        throw new TfjsImportException("weight '" + name + "' has unsupported quantization dtype '"
                + storedName + "' (supported: uint8, uint16, float16)");
    }

    private static long[] shape(JsonNode spec, String name) {
        JsonNode shape = spec.get("shape");
        if (shape == null || !shape.isArray()) {
            throw new TfjsImportException("weight '" + name + "' has no shape array");
        }
        long[] out = new long[shape.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || d.longValue() < 0) {
                throw new TfjsImportException("weight '" + name + "' has a bad dimension in shape " + shape);
            }
            out[i] = d.longValue();
        }
        return out;
    }

    private static String text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString() || v.stringValue().isEmpty()) {
            throw new TfjsImportException(what + " has no '" + field + "'");
        }
        return v.stringValue();
    }

    private static String lower(JsonNode node) {
        return node == null || !node.isString() ? null : node.stringValue().toLowerCase(Locale.ROOT);
    }
}
