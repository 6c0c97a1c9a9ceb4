package io.tenfold.transfer;

import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;

/** A job or request named a base model the catalogue does not have. */
public final class UnknownBaseModelException extends InvalidFieldException {

    private static final long serialVersionUID = 1L;

    public UnknownBaseModelException(String name, Iterable<String> known) {
        super("baseModel", "unknown base model '%s'; known: %s".formatted(Echo.of(name), String.join(", ", known)));
    }
}
