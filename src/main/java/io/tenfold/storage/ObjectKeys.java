package io.tenfold.storage;

import java.util.regex.Pattern;

/** Validates object keys, so that no key can name a place outside the store. */
public final class ObjectKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private ObjectKeys() {
    }

    /** A prefix names a folder of keys; a trailing '/' is allowed and dropped. */
    public static String requirePrefix(String prefix) {
        return require(prefix != null && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    public static String require(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("Invalid object key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Invalid object key: " + key);
            }
        }
        return key;
    }
}
