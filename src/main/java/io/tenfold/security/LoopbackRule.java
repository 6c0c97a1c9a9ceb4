package io.tenfold.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * With no API key at all the service is open, so it may listen on loopback only: it refuses to start on any other
 * address unless tenfold.security.allow-unauthenticated-network is set. Runs before the web server binds its port.
 */
@Component
@ConditionalOnWebApplication
class LoopbackRule implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(LoopbackRule.class);

    /** Thrown when an open service would listen beyond loopback; {@link LoopbackRuleFailureAnalyzer} explains it. */
    static final class UnauthenticatedNetworkException extends IllegalStateException {

        UnauthenticatedNetworkException(String message) {
            super(message);
        }
    }

    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final Environment environment;

    LoopbackRule(ApiKeys keys, SecurityProperties properties, Environment environment) {
        this.keys = keys;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (keys.required()) {
            log.info("API keys required: {} from configuration, others from the api_keys table",
                    keys.configuredCount());
            return;
        }
        List<String> exposed = nonLoopbackBindings(environment);
        if (exposed.isEmpty()) {
            log.warn("No API key is configured and none exists in the database: authentication is OFF and the "
                    + "service listens on loopback only. Set TENFOLD_SECURITY_ADMIN_KEY to turn it on "
                    + "(docs/security.md).");
        } else if (properties.allowUnauthenticatedNetwork()) {
            log.warn("DANGER: authentication is OFF and tenfold.security.allow-unauthenticated-network=true: anyone "
                    + "who reaches {} can upload, train and classify.", String.join(" and ", exposed));
        } else {
            throw new UnauthenticatedNetworkException(("Tenfold would listen on %s without authentication: no API "
                    + "key is configured (tenfold.security.admin-key, tenfold.security.keys) and the api_keys table "
                    + "is empty.").formatted(String.join(" and ", exposed)));
        }
    }

    /** The configured listen addresses that are not loopback, described; empty when all are loopback. */
    static List<String> nonLoopbackBindings(Environment environment) {
        List<String> exposed = new ArrayList<>();
        String address = environment.getProperty("server.address");
        if (!isLoopback(address)) {
            exposed.add(describe("server.address", address));
        }
        String managementPort = environment.getProperty("management.server.port");
        if (managementPort != null && !managementPort.equals("-1")
                && !Objects.equals(managementPort, environment.getProperty("server.port"))) {
            String managementAddress = environment.getProperty("management.server.address");
            if (!isLoopback(managementAddress)) {
                exposed.add(describe("management.server.address", managementAddress));
            }
        }
        return exposed;
    }

    private static String describe(String property, String address) {
        return address == null || address.isBlank()
                ? "every network interface (%s is not set)".formatted(property)
                : "%s (%s)".formatted(address, property);
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
