package io.tenfold.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bytedeco.javacpp.Pointer;
import org.springframework.stereotype.Component;

/**
 * Native memory as JavaCPP sees it, beside the limits it enforces. ND4J 1.0.0-M2.1 allocates its
 * arrays inside libnd4j, so JavaCPP's byte count leaves them out (a 200 MB array adds nothing to it,
 * docs/backends.md); the resident size is what {@code maxphysicalbytes} is checked against each
 * time ND4J creates an array, and is the figure to watch.
 */
@Component
class NativeMemoryMetrics {

    NativeMemoryMetrics(MeterRegistry registry) {
        Gauge.builder("tenfold.nd4j.offheap.bytes", Pointer::totalBytes)
                .description("Bytes JavaCPP tracks off the Java heap; ND4J's arrays are not among them")
                .baseUnit("bytes").register(registry);
        Gauge.builder("tenfold.nd4j.offheap.max.bytes", Pointer::maxBytes)
                .description("org.bytedeco.javacpp.maxbytes").baseUnit("bytes").register(registry);
        Gauge.builder("tenfold.process.physical.bytes", Pointer::physicalBytes)
                .description("Resident memory of the process, as JavaCPP reads it").baseUnit("bytes")
                .register(registry);
        Gauge.builder("tenfold.process.physical.max.bytes", Pointer::maxPhysicalBytes)
                .description("org.bytedeco.javacpp.maxphysicalbytes: beyond it, ND4J refuses new arrays")
                .baseUnit("bytes").register(registry);
    }
}
