package io.tenfold.system;

import io.tenfold.storage.LocalObjectStore;
import io.tenfold.storage.ObjectStore;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    ObjectStore objectStore(TenfoldProperties properties) throws IOException {
        return new LocalObjectStore(properties.dataDir().resolve("objects"));
    }
}
