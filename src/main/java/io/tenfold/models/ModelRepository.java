package io.tenfold.models;

import io.tenfold.training.EpochMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    public void insert(TrainedModel model) {
        jdbc.sql("""
                INSERT INTO models (id, job_id, dataset_id, base_model, strategy, labels, metrics, created_at)
                VALUES (:id, :jobId, :datasetId, :baseModel, :strategy, :labels, :metrics, :createdAt)""")
                .param("id", model.id())
                .param("jobId", model.jobId())
                .param("datasetId", model.datasetId())
                .param("baseModel", model.baseModel())
                .param("strategy", model.strategy())
                .param("labels", json.writeValueAsString(model.labels()))
                .param("metrics", json.writeValueAsString(model.metrics()))
                .param("createdAt", Timestamp.from(model.createdAt()))
                .update();
    }

    public Optional<TrainedModel> find(String id) {
        return jdbc.sql("SELECT * FROM models WHERE id = :id").param("id", id).query(this::map).optional();
    }

    public List<TrainedModel> list() {
        return jdbc.sql("SELECT * FROM models ORDER BY created_at DESC").query(this::map).list();
    }

    private TrainedModel map(ResultSet rs, int row) throws SQLException {
        return new TrainedModel(
                rs.getString("id"),
                rs.getString("job_id"),
                rs.getString("dataset_id"),
                rs.getString("base_model"),
                rs.getString("strategy"),
                json.readValue(rs.getString("labels"), STRINGS),
                json.readValue(rs.getString("metrics"), METRICS),
                rs.getTimestamp("created_at").toInstant());
    }
}
