package io.tenfold.tta;

import java.util.List;

/** The policies the service offers, by their API names. */
public final class TtaPolicies {

    private static final List<TtaPolicy> ALL = List.of(new CenterCrop(), new TenCrop());

    private TtaPolicies() {
    }

    public static List<String> names() {
        return ALL.stream().map(TtaPolicy::name).toList();
    }

    /** @throws IllegalArgumentException naming the known policies when {@code name} is not one */
    public static TtaPolicy byName(String name) {
        return ALL.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown TTA policy '%s'; known: %s".formatted(name, String.join(", ", names()))));
    }
}
