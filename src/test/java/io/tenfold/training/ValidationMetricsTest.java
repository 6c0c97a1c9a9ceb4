package io.tenfold.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ValidationMetricsTest {

    @Test
    void topOneTopFivePerClassAndConfusionOfAHandMadeExample() {
        // 7 classes; class 6 has no examples
        float[][] probabilities = {
            {0.50f, 0.20f, 0.10f, 0.10f, 0.05f, 0.03f, 0.02f}, // actual 0, predicted 0
            {0.10f, 0.60f, 0.10f, 0.10f, 0.05f, 0.03f, 0.02f}, // actual 0, predicted 1, rank 1 (top-5)
            {0.02f, 0.30f, 0.20f, 0.20f, 0.15f, 0.10f, 0.03f}, // actual 0, predicted 1, rank 6 (not top-5)
            {0.10f, 0.10f, 0.70f, 0.05f, 0.02f, 0.02f, 0.01f}, // actual 2, predicted 2
        };
        float[][] labels = new float[4][7];
        labels[0][0] = 1;
        labels[1][0] = 1;
        labels[2][0] = 1;
        labels[3][2] = 1;
        ValidationMetrics m = ValidationMetrics.of(Nd4j.create(probabilities), Nd4j.create(labels));

        assertThat(m.top1()).isEqualTo(0.5);
        assertThat(m.top5()).isEqualTo(0.75);
        assertThat(m.perClassAccuracy()).containsExactly(1 / 3.0, null, 1.0, null, null, null, null);
        assertThat(m.confusion()[0]).containsExactly(1, 2, 0, 0, 0, 0, 0);
        assertThat(m.confusion()[2]).containsExactly(0, 0, 1, 0, 0, 0, 0);
        assertThat(m.confusion()[1]).containsOnly(0);
        double loss = -(Math.log(0.5) + Math.log(0.1) + Math.log(0.02) + Math.log(0.7)) / 4;
        assertThat(m.loss()).isCloseTo(loss, within(1e-5));
    }

    @Test
    void withFewerThanFiveClassesTopFiveIsEveryClass() {
        ValidationMetrics m = ValidationMetrics.of(Nd4j.create(new float[][] {{0.9f, 0.1f}}),
                Nd4j.create(new float[][] {{0, 1}}));
        assertThat(m.top1()).isZero();
        assertThat(m.top5()).isEqualTo(1.0);
    }
}
