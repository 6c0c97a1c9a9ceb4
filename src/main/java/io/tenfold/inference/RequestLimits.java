package io.tenfold.inference;

import io.tenfold.tta.TtaPolicy;
import io.tenfold.tta.ViewPolicy;
import io.tenfold.validation.InvalidFieldException;

/**
 * The most one classify call may ask for: images, and views over all of them (a policy's views
 * times the images). Checked before any model is looked up or image decoded.
 */
public record RequestLimits(int maxImages, int maxViews) {

    public RequestLimits {
        if (maxImages < 1 || maxViews < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** @throws InvalidFieldException naming {@code images} */
    public void check(int images, TtaPolicy policy) {
        if (images < 1 || images > maxImages) {
            throw new InvalidFieldException("images", "send 1 to %d images, not %d".formatted(maxImages, images));
        }
        if (policy instanceof ViewPolicy views && (long) images * views.viewCount() > maxViews) {
            throw new InvalidFieldException("images", ("%d images x %d views of tta=%s are %d views; at most %d views "
                    + "per request: send fewer images or use a policy with fewer views").formatted(images,
                    views.viewCount(), policy.name(), images * views.viewCount(), maxViews));
        }
    }
}
