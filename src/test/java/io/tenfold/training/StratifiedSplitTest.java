package io.tenfold.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    @Test
    void keepsClassProportionsAndIsReproducible() {
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            labels.add(0);
        }
        for (int i = 0; i < 10; i++) {
            labels.add(1);
        }
        labels.add(2);
        StratifiedSplit<Integer> split = StratifiedSplit.of(labels, l -> l, 0.2, 1);
        assertThat(split.validation().stream().filter(l -> l == 0).count()).isEqualTo(10);
        assertThat(split.validation().stream().filter(l -> l == 1).count()).isEqualTo(2);
        assertThat(split.validation()).doesNotContain(2);
        assertThat(split.training()).hasSize(labels.size() - 12);
        assertThat(StratifiedSplit.of(labels, l -> l, 0.2, 1)).isEqualTo(split);
    }

    @Test
    void neverTakesAClassWhollyIntoValidation() {
        StratifiedSplit<Integer> split = StratifiedSplit.of(List.of(0, 0, 1, 1), l -> l, 0.9, 3);
        assertThat(split.training()).containsExactlyInAnyOrder(0, 1);
        assertThat(split.validation()).containsExactlyInAnyOrder(0, 1);
    }
}
