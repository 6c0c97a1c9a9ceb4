package io.tenfold.system;

import io.tenfold.storage.ObjectStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the object store answers (health contributor {@code objectStore}): a lookup of a key that need not exist. Part of readiness
 * (application.yml), so that a load balancer stops sending traffic that needs the store while it
 * is away; not of liveness, since restarting the service would not bring it back.
 */
@Component
class ObjectStoreHealthIndicator implements HealthIndicator {

    private static final String PROBE = "health/probe";

    private final ObjectStore store;

    ObjectStoreHealthIndicator(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.exists(PROBE);
            return Health.up().withDetail("store", store.toString()).build();
        } catch (Exception e) {
            return Health.down().withDetail("store", store.toString()).withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
