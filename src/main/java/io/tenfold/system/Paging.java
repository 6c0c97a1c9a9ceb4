package io.tenfold.system;

import io.tenfold.validation.InvalidFieldException;

public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    public static void check(int page, int size) {
        if (page < 0) {
            throw new InvalidFieldException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidFieldException("size", "must be between 1 and " + MAX_SIZE);
        }
    }
}
