package io.tenfold.security;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stateless filter chain: an API key from the request headers is verified before anything else runs, then
 * each request is matched to the scope it needs (the table in docs/security.md). Whatever the table does not name
 * needs admin, so a new endpoint stays closed until it is placed in the table.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final String[] RESOURCES = {"/api/v1/datasets/**", "/api/v1/jobs/**", "/api/v1/models/**"};
    private static final String CLASSIFY = Scope.CLASSIFY.authority();
    private static final String TRAIN = Scope.TRAIN.authority();
    private static final String ADMIN = Scope.ADMIN.authority();

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, AuthenticationManager apiKeyManager,
            JsonMapper json) {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        if (!keys.required()) {
            // No key anywhere: the embedded default, open to the one host LoopbackRule lets it listen on.
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        AccessProblems problems = new AccessProblems(json);
        AuthenticationFilter authentication = new AuthenticationFilter(apiKeyManager, ApiKeyAuthentication::presented);
        authentication.setSuccessHandler((request, response, result) -> {
        });
        authentication.setFailureHandler(problems);
        return http
                .addFilterBefore(authentication, AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        // an error page or the rest of an async response (job events) of a request let through
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(EndpointRequest.to("health", "info", "prometheus")).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority(ADMIN)
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**",
                                "/v3/api-docs.yaml").permitAll()
                        .requestMatchers("/api/v1/admin/**").hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/models/*/classify",
                                "/api/v1/models/*/classify/batch").hasAuthority(CLASSIFY)
                        .requestMatchers(HttpMethod.GET, "/api/v1/models/*/download").hasAuthority(TRAIN)
                        // The preview returns training images and costs what a job's loading does.
                        .requestMatchers(HttpMethod.GET, "/api/v1/datasets/*/augmentations/preview").hasAuthority(TRAIN)
                        .requestMatchers(HttpMethod.GET, RESOURCES).authenticated()
                        .requestMatchers(HttpMethod.HEAD, RESOURCES).authenticated()
                        .requestMatchers(RESOURCES).hasAuthority(TRAIN)
                        .anyRequest().hasAuthority(ADMIN))
                .build();
    }

    /** Verifies a presented key; being a bean, it also keeps Spring Boot from making a default user. */
    @Bean
    AuthenticationManager apiKeyManager(ApiKeys keys) {
        return presented -> {
            try {
                return keys.verify((String) presented.getCredentials())
                        .map(ApiKeyAuthentication::verified)
                        .orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                // Keys made through the API live in the database: while it is away they cannot be checked.
                throw new AuthenticationServiceException("the API key store is unavailable", e);
            }
        };
    }
}
