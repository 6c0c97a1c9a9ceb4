package io.tenfold.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three ways a request is refused, as application/problem+json like every other error: no key (401), a key that
 * is not valid (401) and a key without the scope the request needs (403).
 */
final class AccessProblems implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

    private final JsonMapper json;

    AccessProblems(JsonMapper json) {
        this.json = json;
    }

    /** No key. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "API key required",
                "%s %s needs an API key: send it as 'Authorization: Bearer <key>' or '%s: <key>'."
                        .formatted(request.getMethod(), request.getRequestURI(), ApiKeyAuthentication.HEADER),
                "Bearer realm=\"tenfold\"");
    }

    /** A key that is unknown or revoked. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            write(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Busy",
                    "The API key cannot be checked now: the service's database is unavailable; try again shortly.",
                    "Bearer realm=\"tenfold\"");
            return;
        }
        write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Invalid API key",
                "The API key is not valid: it is unknown or has been revoked.",
                "Bearer realm=\"tenfold\", error=\"invalid_token\"");
    }

    /** A valid key without the scope. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String needed = e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision
                ? decision.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .map(authority -> "'" + authority.replaceFirst("^SCOPE_", "") + "'")
                        .collect(Collectors.joining(" or "))
                : "another";
        String holder = SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication a
                && a.key() != null
                ? "the API key '%s' has %s".formatted(a.key().name(), Scope.format(a.key().scopes()))
                : "this API key lacks it";
        write(request, response, HttpServletResponse.SC_FORBIDDEN, "Insufficient scope",
                "%s %s needs the %s scope; %s.".formatted(request.getMethod(), request.getRequestURI(), needed,
                        holder),
                "Bearer realm=\"tenfold\", error=\"insufficient_scope\"");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, int status, String title,
            String detail, String challenge) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
