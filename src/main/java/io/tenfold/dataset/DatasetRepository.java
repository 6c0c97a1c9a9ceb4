package io.tenfold.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class DatasetRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DatasetRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(Dataset dataset) {
        jdbc.sql("""
                INSERT INTO datasets (id, name, classes, class_counts, image_count, image_sizes, created_at)
                VALUES (:id, :name, :classes, :counts, :imageCount, :imageSizes, :createdAt)""")
                .param("id", dataset.id())
                .param("name", dataset.name())
                .param("classes", json.writeValueAsString(dataset.classes()))
                .param("counts", json.writeValueAsString(dataset.classCounts()))
                .param("imageCount", dataset.imageCount())
                .param("imageSizes", json.writeValueAsString(dataset.imageSizes()))
                .param("createdAt", Timestamp.from(dataset.createdAt()))
                .update();
    }

    Optional<Dataset> find(String id) {
        return jdbc.sql("SELECT * FROM datasets WHERE id = :id").param("id", id).query(this::map).optional();
    }

    List<Dataset> page(int page, int size) {
        return jdbc.sql("""
                SELECT * FROM datasets WHERE deleted_at IS NULL ORDER BY created_at DESC, id
                LIMIT :limit OFFSET :offset""")
                .param("limit", size).param("offset", (long) page * size)
                .query(this::map).list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM datasets WHERE deleted_at IS NULL").query(Long.class).single();
    }

    /** Marks the dataset deleted unless a queued or running job still needs it; false if one does. */
    boolean markDeleted(String id) {
        return jdbc.sql("""
                UPDATE datasets SET deleted_at = :now
                WHERE id = :id AND deleted_at IS NULL AND NOT EXISTS (
                    SELECT 1 FROM jobs WHERE jobs.dataset_id = datasets.id AND jobs.state IN ('QUEUED', 'RUNNING'))""")
                .param("id", id)
                .param("now", Timestamp.from(Instant.now()))
                .update() > 0;
    }

    private Dataset map(ResultSet rs, int row) throws SQLException {
        return new Dataset(
                rs.getString("id"),
                rs.getString("name"),
                json.readValue(rs.getString("classes"), STRINGS),
                json.readValue(rs.getString("class_counts"), INTS),
                rs.getInt("image_count"),
                json.readValue(rs.getString("image_sizes"), ImageSizes.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("deleted_at") == null ? null : rs.getTimestamp("deleted_at").toInstant());
    }
}
