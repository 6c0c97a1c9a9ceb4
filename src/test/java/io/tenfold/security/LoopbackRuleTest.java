package io.tenfold.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.TenfoldApplication;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.ErrorResponseException;

/** With no key at all the service is open, so it must stay on loopback. */
@ExtendWith(OutputCaptureExtension.class)
class LoopbackRuleTest {

    @TempDir
    Path dataDir;

    @Test
    void refusesToStartOnTheNetworkWithoutAnyKey(CapturedOutput output) {
        assertThatThrownBy(() -> SpringApplication.run(TenfoldApplication.class,
                "--server.port=0",
                "--server.address=0.0.0.0",
                "--tenfold.data-dir=" + dataDir,
                "--tenfold.role=api"))
                .rootCause()
                .isInstanceOf(LoopbackRule.UnauthenticatedNetworkException.class)
                .hasMessageContaining("listen on 0.0.0.0 (server.address) without authentication");
        assertThat(output).contains("APPLICATION FAILED TO START", "TENFOLD_SECURITY_ADMIN_KEY",
                "tenfold.security.allow-unauthenticated-network=true");
    }

    @Test
    void loopbackAddressesAreTheOnlySafeOnes() {
        assertThat(LoopbackRule.nonLoopbackBindings(env("127.0.0.1"))).isEmpty();
        assertThat(LoopbackRule.nonLoopbackBindings(env("::1"))).isEmpty();
        assertThat(LoopbackRule.nonLoopbackBindings(env("localhost"))).isEmpty();
        assertThat(LoopbackRule.nonLoopbackBindings(env("0.0.0.0"))).containsExactly("0.0.0.0 (server.address)");
        assertThat(LoopbackRule.nonLoopbackBindings(env(null)))
                .containsExactly("every network interface (server.address is not set)");
        MockEnvironment management = env("127.0.0.1").withProperty("management.server.port", "9090");
        assertThat(LoopbackRule.nonLoopbackBindings(management))
                .containsExactly("every network interface (management.server.address is not set)");
        assertThat(LoopbackRule.nonLoopbackBindings(management.withProperty("management.server.address", "127.0.0.1")))
                .isEmpty();
    }

    @Test
    void onlyTheDangerousFlagLetsAnOpenServiceOntoTheNetwork() {
        assertThatThrownBy(() -> rule(noKeys(), false, "0.0.0.0").afterPropertiesSet())
                .isInstanceOf(LoopbackRule.UnauthenticatedNetworkException.class);
        assertThatCode(() -> rule(noKeys(), true, "0.0.0.0").afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> rule(noKeys(), false, "127.0.0.1").afterPropertiesSet()).doesNotThrowAnyException();
        ApiKeys withAKey = new ApiKeys(properties("tf_an-admin-key-long-enough-0123", false), ApiKeysTest.emptyTable());
        assertThatCode(() -> rule(withAKey, false, "0.0.0.0").afterPropertiesSet()).doesNotThrowAnyException();
    }

    @Test
    void withoutAnyKeyNoKeyCanBeCreatedEither() {
        ApiKeyController controller = new ApiKeyController(noKeys());
        assertThatThrownBy(() -> controller.create(new ApiKeyRequest("first", List.of("admin")), null))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(409);
                    assertThat(e.getBody().getDetail()).contains("TENFOLD_SECURITY_ADMIN_KEY");
                });
    }

    private static LoopbackRule rule(ApiKeys keys, boolean allowNetwork, String address) {
        return new LoopbackRule(keys, properties(null, allowNetwork), env(address));
    }

    private static ApiKeys noKeys() {
        return new ApiKeys(properties(null, false), ApiKeysTest.emptyTable());
    }

    private static SecurityProperties properties(String adminKey, boolean allowNetwork) {
        return new SecurityProperties(adminKey, List.of(), allowNetwork);
    }

    private static MockEnvironment env(String serverAddress) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8080");
        return serverAddress == null ? environment : environment.withProperty("server.address", serverAddress);
    }
}
