package io.tenfold.tta;

/** A TTA argument that cannot be used, naming the request parameter it came from ({@code tta}, {@code scales}, {@code merge}). */
public final class TtaParameterException extends IllegalArgumentException {

    private final String parameter;

    public TtaParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
