package io.tenfold.augment;

/**
 * A transform, container or policy built with arguments it cannot use, or a policy document that
 * does not parse. {@link #field()} is the path of the offending field within what was being built
 * ({@code p}, or {@code transforms[2].p} within a policy document; empty for the whole document);
 * the message is {@code "<field>: <problem>"}.
 */
public final class InvalidAugmentationException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public InvalidAugmentationException(String field, String problem) {
        this(field, problem, null);
    }

    public InvalidAugmentationException(String field, String problem, Throwable cause) {
        super(field.isEmpty() ? problem : field + ": " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    /** The same problem, its field seen from an enclosing object at {@code path}. */
    public InvalidAugmentationException within(String path) {
        String nested = field.isEmpty() ? path : (field.startsWith("[") || path.isEmpty() ? path + field : path + "." + field);
        return new InvalidAugmentationException(nested, problem, getCause());
    }
}
