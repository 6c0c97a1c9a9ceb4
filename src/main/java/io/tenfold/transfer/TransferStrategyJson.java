package io.tenfold.transfer;

import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import io.tenfold.validation.InvalidFieldException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strategy as a job request writes it: its name alone ({@code "fine-tune"}), or an object
 * {@code {"name": "fine-tune", "unfreezeBlocks": 4, "learningRateMultipliers": {"head": 1,
 * "top": 0.1, "deeper": 0.01}}} whose absent fields take the defaults of
 * {@link TransferStrategy#named}. Problems are {@link InvalidFieldException}s naming the field
 * under {@code strategy.}; unknown fields are refused, so a misspelt one does not silently fall
 * back to a default.
 */
public final class TransferStrategyJson {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            TransferStrategy.FEATURE_EXTRACTOR, Set.of("name"),
            TransferStrategy.FINE_TUNE, Set.of("name", "unfreezeBlocks", "learningRateMultipliers"),
            TransferStrategy.FULL, Set.of("name", "learningRateMultipliers"),
            TransferStrategy.AUTO, Set.of("name"));
    private static final List<String> MULTIPLIERS = List.of("head", "top", "deeper");

    private TransferStrategyJson() {
    }

    /** Reads and validates a strategy for {@code model}. */
    public static TransferStrategy read(JsonNode node, BaseModel model) {
        if (node == null || node.isNull()) {
            throw new InvalidFieldException("strategy", "is required; known: " + String.join(", ",
                    TransferStrategy.NAMES));
        }
        if (node.isString()) {
            return validated(TransferStrategy.named(node.stringValue(), model), model);
        }
        if (!node.isObject()) {
            throw new InvalidFieldException("strategy", "must be a name or an object with a name");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode != null && !nameNode.isString()) {
            throw new InvalidFieldException("strategy.name", "must be a string");
        }
        TransferStrategy defaults = TransferStrategy.named(nameNode == null ? null : nameNode.stringValue(), model);
        Set<String> unknown = new HashSet<>(node.propertyNames());
        unknown.removeAll(FIELDS.get(defaults.name()));
        if (!unknown.isEmpty()) {
            String field = unknown.iterator().next();
            throw new InvalidFieldException("strategy." + field, "is not a parameter of '" + defaults.name()
                    + "'; it takes " + FIELDS.get(defaults.name()));
        }
        TransferStrategy strategy = defaults;
        if (defaults instanceof FineTune d) {
            strategy = new FineTune(integer(node, "unfreezeBlocks", d.unfreezeBlocks()),
                    multipliers(node, d.learningRateMultipliers()));
        } else if (defaults instanceof Full d) {
            strategy = new Full(multipliers(node, d.learningRateMultipliers()));
        }
        return validated(strategy, model);
    }

    /** The object form, every parameter written out. */
    public static ObjectNode write(TransferStrategy strategy) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", strategy.name());
        if (strategy instanceof FineTune fineTune) {
            node.put("unfreezeBlocks", fineTune.unfreezeBlocks());
            node.set("learningRateMultipliers", write(fineTune.learningRateMultipliers()));
        } else if (strategy instanceof Full full) {
            node.set("learningRateMultipliers", write(full.learningRateMultipliers()));
        }
        return node;
    }

    private static ObjectNode write(LearningRateMultipliers m) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("head", m.head());
        node.put("top", m.top());
        node.put("deeper", m.deeper());
        return node;
    }

    private static TransferStrategy validated(TransferStrategy strategy, BaseModel model) {
        strategy.validateFor(model);
        return strategy;
    }

    private static int integer(JsonNode node, String field, int absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidFieldException("strategy." + field, "must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static LearningRateMultipliers multipliers(JsonNode node, LearningRateMultipliers absent) {
        JsonNode m = node.get("learningRateMultipliers");
        if (m == null || m.isNull()) {
            return absent;
        }
        String path = "strategy.learningRateMultipliers";
        if (!m.isObject()) {
            throw new InvalidFieldException(path, "must be an object with head, top and deeper");
        }
        for (String field : m.propertyNames()) {
            if (!MULTIPLIERS.contains(field)) {
                throw new InvalidFieldException(path + "." + field, "is not a multiplier; they are " + MULTIPLIERS);
            }
        }
        return new LearningRateMultipliers(number(m, path, "head", absent.head()),
                number(m, path, "top", absent.top()), number(m, path, "deeper", absent.deeper()));
    }

    private static double number(JsonNode node, String path, String field, double absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isNumber()) {
            throw new InvalidFieldException(path + "." + field, "must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
