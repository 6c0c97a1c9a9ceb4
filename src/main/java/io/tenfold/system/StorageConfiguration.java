package io.tenfold.system;

import io.tenfold.storage.ArtifactStore;
import io.tenfold.storage.LocalObjectStore;
import io.tenfold.storage.ObjectStore;
import io.tenfold.storage.S3ObjectStore;
import io.tenfold.storage.StorageProperties;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The object store that {@code tenfold.storage.type} names: files under the data directory
 * ({@code local}) or an S3-compatible service ({@code s3}), whose client is closed with the context.
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    /** Spring infers the destroy method from the instance: S3ObjectStore's close() closes its client. */
    @Bean
    ObjectStore objectStore(TenfoldProperties tenfold, StorageProperties storage) throws IOException {
        ObjectStore store = switch (storage.type()) {
            case LOCAL -> new LocalObjectStore(tenfold.dataDir().resolve("objects"));
            case S3 -> S3ObjectStore.create(storage.s3());
        };
        log.info("Object store: {}", store);
        return store;
    }

    @Bean
    ArtifactStore artifactStore(ObjectStore objectStore, JsonMapper json) {
        return new ArtifactStore(objectStore, json);
    }
}
