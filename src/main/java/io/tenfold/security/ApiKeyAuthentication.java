package io.tenfold.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API key presented by a client ({@link #presented}), or one found valid ({@link #verified}), which is granted
 * one authority per scope, admin's implied scopes included.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    static final String HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final String presentedKey;
    private final ApiKey key;

    private ApiKeyAuthentication(String presentedKey, ApiKey key) {
        super(key == null ? null : Scope.granted(key.scopes()).stream()
                .map(scope -> new SimpleGrantedAuthority(scope.authority()))
                .toList());
        this.presentedKey = presentedKey;
        this.key = key;
        setAuthenticated(key != null);
    }

    /** The key the request carries, as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}; or null. */
    static ApiKeyAuthentication presented(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return new ApiKeyAuthentication(authorization.substring(BEARER.length()).strip(), null);
        }
        String header = request.getHeader(HEADER);
        return header == null ? null : new ApiKeyAuthentication(header.strip(), null);
    }

    static ApiKeyAuthentication verified(ApiKey key) {
        return new ApiKeyAuthentication(null, key);
    }

    /** The key found valid; null before verification. */
    ApiKey key() {
        return key;
    }

    @Override
    public String getCredentials() {
        return presentedKey;
    }

    @Override
    public String getPrincipal() {
        return key == null ? "(unverified API key)" : key.name();
    }
}
