package io.tenfold.classify;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.inference.ModelCache;
import io.tenfold.inference.ServedModel;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelDeleted;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires the Spring-free serving core (the model cache and its engines) from {@code tenfold.inference.*}. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

    @Bean
    ModelCache modelCache(ModelArtifacts artifacts, InferenceProperties properties, MeterRegistry registry) {
        ForwardBatcher.Settings batching = new ForwardBatcher.Settings(properties.maxViewsPerPass(),
                properties.maxBatchDelay(), properties.maxQueuedViews(), properties.batching(),
                properties.requestTimeout());
        ServedModel.Settings serving = new ServedModel.Settings(properties.replicas(), properties.foldBatchNorm(),
                batching);
        return new ModelCache(artifacts, new ModelCache.Settings(serving, properties.cacheBudget().toBytes()),
                registry);
    }

    /** Retires a deleted model from this instance's memory at once instead of when it ages out. */
    @Bean
    DeletedModels deletedModels(ModelCache cache) {
        return new DeletedModels(cache);
    }

    record DeletedModels(ModelCache cache) {

        @EventListener
        void onDeleted(ModelDeleted deleted) {
            cache.retire(deleted.modelId());
        }
    }
}
