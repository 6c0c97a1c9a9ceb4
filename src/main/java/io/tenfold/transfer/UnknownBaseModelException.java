package io.tenfold.transfer;

/** A job or request named a base model the catalogue does not have. */
public final class UnknownBaseModelException extends IllegalArgumentException {

    public UnknownBaseModelException(String name, Iterable<String> known) {
        super("unknown base model '%s'; known: %s".formatted(name, String.join(", ", known)));
    }
}
