package io.tenfold.validation;

/**
 * A value that cannot be used, naming where it was: a request field ({@code topK}), a path into
 * a document ({@code augmentation.transforms[2].sigma}, {@code strategy.unfreezeBlocks}), or
 * nothing for a document as a whole. The one error that validation anywhere in Tenfold throws,
 * whether of an augmentation policy, a transfer strategy, a TTA policy or a request's own fields;
 * the HTTP edge answers it with a 400 whose {@code field} is {@link #field()}, so the code that
 * checks a value never needs to know how it arrived. The message is {@code "<field>: <problem>"}.
 */
public class InvalidFieldException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public InvalidFieldException(String field, String problem) {
        this(field, problem, null);
    }

    public InvalidFieldException(String field, String problem, Throwable cause) {
        super(field.isEmpty() ? problem : field + ": " + problem, cause);
        this.field = field;
        this.problem = problem;
    }

    /** Where the value was; empty for the whole of what was being read. */
    public String field() {
        return field;
    }

    /** What is wrong with it, without the field. */
    public String problem() {
        return problem;
    }

    /** The same problem, its field seen from an enclosing object at {@code path}. */
    public InvalidFieldException within(String path) {
        String nested = field.isEmpty() ? path
                : field.startsWith("[") || path.isEmpty() ? path + field : path + "." + field;
        return new InvalidFieldException(nested, problem, getCause());
    }
}
