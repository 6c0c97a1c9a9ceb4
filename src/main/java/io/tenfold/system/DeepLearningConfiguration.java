package io.tenfold.system;

import io.tenfold.image.ImageDecoder;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.TransferPlanner;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free deep-learning core into the application and reports the ND4J backend. */
@Configuration(proxyBeanMethods = false)
class DeepLearningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeepLearningConfiguration.class);

    @Bean
    BaseModelCatalog baseModelCatalog() {
        log.info("ND4J backend: {} ({} threads)", Nd4j.getBackend().getClass().getSimpleName(),
                Nd4j.getEnvironment().maxMasterThreads());
        return BaseModelCatalog.builtIn();
    }

    @Bean
    ImageDecoder imageDecoder(ImageProperties images) {
        return new ImageDecoder(images.limits());
    }

    @Bean
    TransferPlanner transferPlanner() {
        return new TransferPlanner();
    }
}
