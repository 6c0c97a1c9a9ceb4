package io.tenfold.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bytedeco.javacpp.Pointer;
import org.springframework.stereotype.Component;

/** ND4J's off-heap memory, as JavaCPP accounts for it, beside the limits that cap it. */
@Component
class NativeMemoryMetrics {

    NativeMemoryMetrics(MeterRegistry registry) {
        Gauge.builder("tenfold.nd4j.offheap.bytes", Pointer::totalBytes)
                .description("Bytes ND4J holds off the Java heap").baseUnit("bytes").register(registry);
        Gauge.builder("tenfold.nd4j.offheap.max.bytes", Pointer::maxBytes)
                .description("org.bytedeco.javacpp.maxbytes").baseUnit("bytes").register(registry);
        Gauge.builder("tenfold.process.physical.bytes", Pointer::physicalBytes)
                .description("Resident memory of the process, as JavaCPP reads it").baseUnit("bytes")
                .register(registry);
    }
}
