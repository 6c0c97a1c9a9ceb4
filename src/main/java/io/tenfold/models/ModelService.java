package io.tenfold.models;

import io.tenfold.system.NotFoundException;
import io.tenfold.system.Problems;
import io.tenfold.validation.InvalidFieldException;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds models by id or by {@code name@alias}, moves aliases, and deletes models. An alias lets
 * clients keep classifying against {@code shoes@production} while a new version is promoted.
 */
@Service
public class ModelService {

    public static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ModelRepository models;
    private final ModelArtifacts artifacts;
    private final ApplicationEventPublisher events;

    ModelService(ModelRepository models, ModelArtifacts artifacts, ApplicationEventPublisher events) {
        this.models = models;
        this.artifacts = artifacts;
        this.events = events;
    }

    public record Page(List<TrainedModel> items, long total) {
    }

    public Page page(String name, int page, int size) {
        return new Page(models.page(name, page, size), models.count(name));
    }

    /**
     * Records once that a model cannot be served and why, so that later requests are refused at
     * once; returns the refusal to throw.
     */
    public org.springframework.web.ErrorResponseException unusable(TrainedModel model, String reason) {
        models.markUnusable(model.id(), reason);
        return unusableProblem(model.id(), reason);
    }

    /** The refusal for a model known to be unusable. */
    public static org.springframework.web.ErrorResponseException unusableProblem(String id, String reason) {
        return Problems.conflict("Model unusable", ("Model %s cannot be served: %s. Train it again (its job can be "
                + "retried) or delete it.").formatted(id, reason));
    }

    /** A model by id, or by {@code name@alias}. */
    public TrainedModel resolve(String ref) {
        int at = ref.lastIndexOf('@');
        if (at > 0 && at < ref.length() - 1) {
            String name = ref.substring(0, at);
            String alias = ref.substring(at + 1);
            return models.findByAlias(name, alias).orElseThrow(() -> new NotFoundException("model alias", ref));
        }
        return models.find(ref).orElseThrow(() -> new NotFoundException("model", ref));
    }

    @Transactional
    public TrainedModel setAlias(String id, String alias) {
        checkAlias(alias);
        TrainedModel model = resolve(id);
        models.setAlias(model, alias);
        return resolve(model.id());
    }

    @Transactional
    public TrainedModel removeAlias(String id, String alias) {
        TrainedModel model = resolve(id);
        if (!models.removeAlias(model, alias)) {
            throw new NotFoundException("alias", model.name() + "@" + alias + " on model " + model.id());
        }
        return resolve(model.id());
    }

    public void delete(String id) throws IOException {
        TrainedModel model = resolve(id);
        if (!models.markDeleted(model.id())) {
            throw Problems.conflict("Model in use",
                    "Model %s still has aliases %s; move or remove them first.".formatted(model.id(), model.aliases()));
        }
        artifacts.delete(model.id());
        events.publishEvent(new ModelDeleted(model.id()));
    }

    private static void checkAlias(String alias) {
        if (!ALIAS.matcher(alias).matches() || UUID_SHAPE.matcher(alias).matches()) {
            throw new InvalidFieldException("alias",
                    "must be lowercase letters, digits and '-', start with a letter, at most 63 characters");
        }
    }
}
