package io.tenfold.jobs;

import io.tenfold.support.PostgresServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The queue on a real PostgreSQL server, as in production. */
@SpringBootTest(properties = "tenfold.role=api", webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PostgresJobQueueTest extends JobQueueContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.Connection db = PostgresServer.freshDatabase("queue");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("tenfold.data-dir", () -> System.getProperty("java.io.tmpdir") + "/tenfold-pg-queue-test");
    }
}
