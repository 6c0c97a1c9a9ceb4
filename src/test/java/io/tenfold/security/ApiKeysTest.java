package io.tenfold.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String ADMIN_KEY = "tf_an-admin-key-long-enough-0123";

    @Test
    void configuredKeysAreKnownByTheirHashAndAdminImpliesEveryScope() {
        String readerKey = "tf_reader-0123456789";
        ApiKeys keys = new ApiKeys(new SecurityProperties(" " + ADMIN_KEY + "\n", List.of(
                new SecurityProperties.ConfiguredKey("reader", ApiKeys.sha256Hex(readerKey), Set.of(Scope.CLASSIFY))),
                false), emptyTable());

        assertThat(keys.required()).isTrue();
        assertThat(keys.verify(ADMIN_KEY)).get().extracting(ApiKey::name).isEqualTo("admin-key");
        assertThat(keys.verify(readerKey)).get().extracting(ApiKey::scopes).isEqualTo(Set.of(Scope.CLASSIFY));
        assertThat(keys.verify("tf_something-else")).isEmpty();
        assertThat(Scope.granted(Set.of(Scope.ADMIN))).containsExactlyInAnyOrder(Scope.values());
        assertThat(Scope.granted(Set.of(Scope.TRAIN))).containsExactly(Scope.TRAIN);
    }

    @Test
    void aShortAdminKeyIsRefusedWithoutPrintingIt() {
        assertThatThrownBy(() -> new ApiKeys(new SecurityProperties("secret", List.of(), false), emptyTable()))
                .hasMessageContaining("shorter than 24 characters")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aBlankAdminKeyIsNoKey() {
        SecurityProperties properties = new SecurityProperties("  ", List.of(), false);
        assertThat(new ApiKeys(properties, emptyTable()).required()).isFalse();
        assertThat(properties.toString()).contains("adminKey=(none)");
        assertThat(new SecurityProperties(ADMIN_KEY, List.of(), false).toString()).doesNotContain(ADMIN_KEY);
    }

    @Test
    void scopesRoundTripThroughTheirStoredForm() {
        assertThat(Scope.format(Set.of(Scope.TRAIN, Scope.CLASSIFY))).isEqualTo("classify,train");
        assertThat(Scope.parseAll("classify,train")).containsExactly(Scope.CLASSIFY, Scope.TRAIN);
        assertThatThrownBy(() -> Scope.parse("ADMIN")).hasMessageContaining("use classify, train or admin");
    }

    /** An api_keys table with no row, without a database. */
    static ApiKeyRepository emptyTable() {
        return new ApiKeyRepository(null) {
            @Override
            boolean any() {
                return false;
            }

            @Override
            Optional<ApiKey> findValid(String sha256) {
                return Optional.empty();
            }
        };
    }
}
