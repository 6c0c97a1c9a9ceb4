package io.tenfold.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutALowerLossAndRemembersTheBest() {
        EarlyStopping stopping = new EarlyStopping(2);
        assertThat(stopping.record(1, 1.0)).isTrue();
        assertThat(stopping.record(2, 0.8)).isTrue();
        assertThat(stopping.record(3, 0.9)).isFalse();
        assertThat(stopping.shouldStop()).isFalse();
        assertThat(stopping.record(4, 0.8)).isFalse(); // equal is no improvement
        assertThat(stopping.shouldStop()).isTrue();
        assertThat(stopping.bestEpoch()).isEqualTo(2);
    }

    @Test
    void anImprovementResetsTheCount() {
        EarlyStopping stopping = new EarlyStopping(2);
        stopping.record(1, 1.0);
        stopping.record(2, 1.1);
        stopping.record(3, 0.5);
        stopping.record(4, 0.6);
        assertThat(stopping.shouldStop()).isFalse();
        assertThat(stopping.epochsWithoutImprovement()).isEqualTo(1);
    }

    @Test
    void patienceZeroNeverStopsAndEpochsWithoutValidationChangeNothing() {
        EarlyStopping stopping = new EarlyStopping(0);
        stopping.record(1, 1.0);
        for (int epoch = 2; epoch < 10; epoch++) {
            stopping.record(epoch, 2.0);
        }
        assertThat(stopping.shouldStop()).isFalse();
        EarlyStopping none = new EarlyStopping(1);
        assertThat(none.record(1, null)).isFalse();
        assertThat(none.shouldStop()).isFalse();
        assertThat(none.bestEpoch()).isZero();
    }
}
