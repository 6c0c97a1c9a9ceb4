package io.tenfold.tta;

import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;

/** The policies the service offers, by their API names, and the parsing of the API's TTA parameters. */
public final class TtaPolicies {

    private static final List<TtaPolicy> ALL = List.of(new CenterCrop(), new Flip(), new FiveCrop(), new TenCrop(),
            MultiScale.resnet(), new Dense(), new DenseGlobalPool());

    private TtaPolicies() {
    }

    public static List<String> names() {
        return ALL.stream().map(TtaPolicy::name).toList();
    }

    /**
     * The policy with its default arguments.
     *
     * @throws InvalidFieldException naming the known policies when {@code name} is not one
     */
    public static TtaPolicy byName(String name) {
        return ALL.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("tta",
                        "unknown TTA policy '%s'; known: %s".formatted(Echo.of(name), String.join(", ", names()))));
    }

    /**
     * The policy named {@code tta}, with the comma-separated {@code scales} (pixels) if given; only
     * {@code multi-scale} takes scales.
     *
     * @throws InvalidFieldException naming {@code tta} or {@code scales}
     */
    public static TtaPolicy parse(String tta, String scales) {
        TtaPolicy policy = byName(tta);
        if (scales == null || scales.isBlank()) {
            return policy;
        }
        if (!(policy instanceof MultiScale)) {
            throw new InvalidFieldException("scales", "only tta=multi-scale takes scales, not tta=" + tta);
        }
        List<Integer> pixels = new ArrayList<>();
        for (String part : scales.split(",", -1)) {
            try {
                pixels.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidFieldException("scales", "'%s' is not a number of pixels; give e.g. scales=256,384"
                        .formatted(Echo.of(part.strip())));
            }
        }
        return MultiScale.fixed(pixels);
    }
}
