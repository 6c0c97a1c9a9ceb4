package io.tenfold.models;

import io.tenfold.training.EpochMetrics;
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
public class ModelRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<EpochMetrics>> METRICS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ModelRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records a new model as the next version of its name; returns that version. Call inside a transaction. */
    public int insert(String id, String name, String jobId, String datasetId, String baseModel, String strategy,
            List<String> labels, List<EpochMetrics> metrics, Instant createdAt) {
        int version = jdbc.sql("SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = :name")
                .param("name", name).query(Integer.class).single();
        jdbc.sql("""
                INSERT INTO models (id, name, version, job_id, dataset_id, base_model, strategy, labels, metrics,
                    created_at)
                VALUES (:id, :name, :version, :jobId, :datasetId, :baseModel, :strategy, :labels, :metrics,
                    :createdAt)""")
                .param("id", id)
                .param("name", name)
                .param("version", version)
                .param("jobId", jobId)
                .param("datasetId", datasetId)
                .param("baseModel", baseModel)
                .param("strategy", strategy)
                .param("labels", json.writeValueAsString(labels))
                .param("metrics", json.writeValueAsString(metrics))
                .param("createdAt", Timestamp.from(createdAt))
                .update();
        return version;
    }

    public Optional<TrainedModel> find(String id) {
        return jdbc.sql("SELECT * FROM models WHERE id = :id AND deleted_at IS NULL").param("id", id)
                .query(this::map).optional();
    }

    public Optional<TrainedModel> findByAlias(String name, String alias) {
        return jdbc.sql("""
                SELECT m.* FROM models m JOIN model_aliases a ON a.model_id = m.id
                WHERE a.name = :name AND a.alias = :alias AND m.deleted_at IS NULL""")
                .param("name", name).param("alias", alias).query(this::map).optional();
    }

    public List<TrainedModel> page(String name, int page, int size) {
        return jdbc.sql("SELECT * FROM models WHERE deleted_at IS NULL" + (name == null ? "" : " AND name = :name")
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .params(name == null ? java.util.Map.of() : java.util.Map.of("name", name))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::map).list();
    }

    public long count(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM models WHERE deleted_at IS NULL" + (name == null ? "" : " AND name = :name"))
                .params(name == null ? java.util.Map.of() : java.util.Map.of("name", name))
                .query(Long.class).single();
    }

    /** Points the alias of the model's name at it, moving it from another version if needed. */
    public void setAlias(TrainedModel model, String alias) {
        jdbc.sql("DELETE FROM model_aliases WHERE name = :name AND alias = :alias")
                .param("name", model.name()).param("alias", alias).update();
        jdbc.sql("""
                INSERT INTO model_aliases (name, alias, model_id, updated_at)
                VALUES (:name, :alias, :modelId, :now)""")
                .param("name", model.name())
                .param("alias", alias)
                .param("modelId", model.id())
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    public boolean removeAlias(TrainedModel model, String alias) {
        return jdbc.sql("DELETE FROM model_aliases WHERE name = :name AND alias = :alias AND model_id = :id")
                .param("name", model.name()).param("alias", alias).param("id", model.id()).update() > 0;
    }

    /** Marks the model deleted; false if an alias still points at it. */
    public boolean markDeleted(String id) {
        return jdbc.sql("""
                UPDATE models SET deleted_at = :now
                WHERE id = :id AND deleted_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM model_aliases WHERE model_aliases.model_id = models.id)""")
                .param("id", id).param("now", Timestamp.from(Instant.now())).update() > 0;
    }

    private List<String> aliases(String modelId) {
        return jdbc.sql("SELECT alias FROM model_aliases WHERE model_id = :id ORDER BY alias").param("id", modelId)
                .query(String.class).list();
    }

    private TrainedModel map(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        return new TrainedModel(
                id,
                rs.getString("name"),
                rs.getInt("version"),
                aliases(id),
                rs.getString("job_id"),
                rs.getString("dataset_id"),
                rs.getString("base_model"),
                rs.getString("strategy"),
                json.readValue(rs.getString("labels"), STRINGS),
                json.readValue(rs.getString("metrics"), METRICS),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("unusable_reason"));
    }

    /** Records why the model cannot be served; the first reason found is kept. */
    void markUnusable(String id, String reason) {
        jdbc.sql("UPDATE models SET unusable_reason = :reason WHERE id = :id AND unusable_reason IS NULL")
                .param("id", id).param("reason", reason).update();
    }
}
