package io.tenfold.security;

import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do. {@code admin} implies the other two; {@code classify} and {@code train} are independent. */
enum Scope {
    CLASSIFY,
    TRAIN,
    ADMIN;

    /** The Spring Security authority a key holding this scope is granted. */
    String authority() {
        return "SCOPE_" + this;
    }

    /** The scopes the given ones grant, admin's implied scopes included. */
    static Set<Scope> granted(Set<Scope> scopes) {
        if (scopes.contains(ADMIN)) {
            return EnumSet.allOf(Scope.class);
        }
        Set<Scope> granted = EnumSet.noneOf(Scope.class);
        granted.addAll(scopes);
        return granted;
    }

    static Scope parse(String name) {
        return Arrays.stream(values())
                .filter(scope -> scope.toString().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("scopes",
                        "unknown scope '%s'; use classify, train or admin".formatted(Echo.of(name))));
    }

    /** Scopes as stored in the api_keys table: lower-case names joined by commas, in declaration order. */
    static String format(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::toString).collect(Collectors.joining(","));
    }

    static Set<Scope> parseAll(String formatted) {
        return Arrays.stream(formatted.split(","))
                .map(String::strip)
                .map(Scope::parse)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
