package io.tenfold.tta;

import io.tenfold.image.Preprocessing;

/**
 * A deterministic way of looking at one image several times; the class probabilities of the
 * looks are merged. Either views cut from the image ({@link ViewPolicy}) or positions of one
 * fully convolutional pass over the whole image ({@link DensePolicy}). Policies are immutable and
 * check their arguments when built.
 */
public sealed interface TtaPolicy permits ViewPolicy, DensePolicy {

    /** The name used in the API, e.g. {@code ten-crop}. */
    String name();

    /**
     * Checks what can only be checked against a model, such as scales against its input size.
     *
     * @throws InvalidFieldException naming the request parameter at fault
     */
    default void checkFor(Preprocessing preprocessing) {
    }
}
