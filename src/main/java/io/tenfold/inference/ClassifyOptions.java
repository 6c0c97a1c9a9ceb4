package io.tenfold.inference;

import io.tenfold.tta.Merge;
import io.tenfold.tta.TtaPolicy;
import io.tenfold.validation.InvalidFieldException;
import java.util.Objects;

/** How to classify: the TTA policy, how its views' probabilities are merged, how many classes to return, and whether to report each view. */
public record ClassifyOptions(TtaPolicy policy, Merge merge, int topK, boolean perView) {

    public static final int MAX_TOP_K = 1000;

    public ClassifyOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(merge, "merge");
        if (topK < 1 || topK > MAX_TOP_K) {
            throw new InvalidFieldException("topK", "must be between 1 and " + MAX_TOP_K);
        }
    }
}
