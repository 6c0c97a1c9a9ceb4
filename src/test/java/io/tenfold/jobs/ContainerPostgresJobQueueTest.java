package io.tenfold.jobs;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The queue on PostgreSQL in a container, where a Docker engine runs; skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "tenfold.role=api", webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ContainerPostgresJobQueueTest extends JobQueueContract {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:16-alpine");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
        registry.add("tenfold.data-dir", () -> System.getProperty("java.io.tmpdir") + "/tenfold-tc-queue-test");
    }
}
