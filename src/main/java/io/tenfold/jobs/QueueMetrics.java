package io.tenfold.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Jobs by state, as gauges {@code tenfold.jobs{state=...}}. One grouped count serves all states and
 * is reused for a few seconds, so a scrape costs at most one query.
 */
@Component
class QueueMetrics {

    private static final long REFRESH_NANOS = 5_000_000_000L;

    private final JdbcClient jdbc;
    private Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    private long refreshedAt = Long.MIN_VALUE;

    QueueMetrics(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (JobState state : JobState.values()) {
            Gauge.builder("tenfold.jobs", this, q -> q.count(state))
                    .description("Jobs in each state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    private synchronized double count(JobState state) {
        long now = System.nanoTime();
        if (refreshedAt == Long.MIN_VALUE || now - refreshedAt > REFRESH_NANOS) {
            Map<JobState, Long> fresh = new EnumMap<>(JobState.class);
            jdbc.sql("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
                    .query((rs, row) -> fresh.put(JobState.valueOf(rs.getString("state")), rs.getLong("n")))
                    .list();
            counts = fresh;
            refreshedAt = now;
        }
        return counts.getOrDefault(state, 0L);
    }
}
