package io.tenfold.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits examples into training and validation so that every class keeps its proportion. A class
 * with at least two examples gives at least one to validation and keeps at least one for training.
 */
public record StratifiedSplit<T>(List<T> training, List<T> validation) {

    public interface Labeler<T> {
        int label(T item);
    }

    public static <T> StratifiedSplit<T> of(List<T> items, Labeler<T> labeler, double validationFraction, long seed) {
        if (validationFraction < 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1)");
        }
        Map<Integer, List<T>> byClass = new TreeMap<>();
        items.forEach(item -> byClass.computeIfAbsent(labeler.label(item), k -> new ArrayList<>()).add(item));
        Random random = new Random(seed);
        List<T> training = new ArrayList<>();
        List<T> validation = new ArrayList<>();
        for (List<T> members : byClass.values()) {
            Collections.shuffle(members, random);
            int n = members.size();
            int held = validationFraction == 0 || n < 2
                    ? 0
                    : Math.min(n - 1, Math.max(1, (int) Math.round(n * validationFraction)));
            validation.addAll(members.subList(0, held));
            training.addAll(members.subList(held, n));
        }
        return new StratifiedSplit<>(List.copyOf(training), List.copyOf(validation));
    }
}
