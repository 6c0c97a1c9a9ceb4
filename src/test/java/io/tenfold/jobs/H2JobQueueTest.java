package io.tenfold.jobs;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue on the embedded default's H2 (PostgreSQL mode), which must give the same guarantees. */
@SpringBootTest(properties = "tenfold.role=api", webEnvironment = SpringBootTest.WebEnvironment.NONE)
class H2JobQueueTest extends JobQueueContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:queue-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        registry.add("tenfold.data-dir", () -> System.getProperty("java.io.tmpdir") + "/tenfold-h2-queue-test");
    }
}
