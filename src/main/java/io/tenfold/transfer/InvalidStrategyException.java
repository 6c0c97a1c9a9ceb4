package io.tenfold.transfer;

/**
 * A transfer-learning strategy was asked for with a value out of range; {@link #field()} names
 * it as a request would ({@code strategy.unfreezeBlocks}), so an API can answer 400 pointing at it.
 */
public final class InvalidStrategyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidStrategyException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
