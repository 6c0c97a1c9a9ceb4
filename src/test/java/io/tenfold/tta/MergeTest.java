package io.tenfold.tta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tenfold.validation.InvalidFieldException;
import org.junit.jupiter.api.Test;

/** The merges and the agreement, against values computed by hand. */
class MergeTest {

    private static final float[][] TWO_VIEWS = {{0.5f, 0.5f}, {0.8f, 0.2f}};

    @Test
    void meanAveragesEachClass() {
        // (0.5 + 0.8) / 2, (0.5 + 0.2) / 2
        assertThat(new MeanMerge().merge(TWO_VIEWS)).containsExactly(new float[] {0.65f, 0.35f}, within(1e-6f));
    }

    @Test
    void geometricMeanIsRenormalised() {
        // sqrt(0.5 * 0.8) = sqrt(0.4), sqrt(0.5 * 0.2) = sqrt(0.1); sqrt(0.4) = 2 sqrt(0.1): 2/3 and 1/3
        assertThat(new GeometricMeanMerge().merge(TWO_VIEWS)).containsExactly(new float[] {2f / 3, 1f / 3}, within(1e-6f));
    }

    @Test
    void geometricMeanFloorsZeros() {
        float[] merged = new GeometricMeanMerge().merge(new float[][] {{1f, 0f}, {0.5f, 0.5f}});
        assertThat(merged[1]).isPositive().isLessThan(1e-5f);
        assertThat(merged[0] + merged[1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void maxIsRenormalised() {
        // max: 0.8 and 0.5, sum 1.3: 8/13 and 5/13
        assertThat(new MaxMerge().merge(TWO_VIEWS)).containsExactly(new float[] {8f / 13, 5f / 13}, within(1e-6f));
    }

    @Test
    void threeClassesThreeViews() {
        float[][] views = {{0.6f, 0.3f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.5f, 0.4f, 0.1f}};
        assertThat(new MeanMerge().merge(views)).containsExactly(new float[] {1.3f / 3, 1.4f / 3, 0.1f}, within(1e-6f));
        // maxima 0.6, 0.7, 0.1 (sum 1.4)
        assertThat(new MaxMerge().merge(views)).containsExactly(new float[] {0.6f / 1.4f, 0.5f, 0.1f / 1.4f}, within(1e-6f));
        // cube roots of 0.06, 0.084, 0.001, renormalised
        double a = Math.cbrt(0.06);
        double b = Math.cbrt(0.084);
        double c = 0.1;
        double sum = a + b + c;
        assertThat(new GeometricMeanMerge().merge(views))
                .containsExactly(new float[] {(float) (a / sum), (float) (b / sum), (float) (c / sum)}, within(1e-6f));
    }

    @Test
    void agreementIsTheShareOfViewsWhoseTopClassIsTheMergedTopClass() {
        float[][] views = {{0.6f, 0.3f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.5f, 0.4f, 0.1f}};
        float[] merged = new MeanMerge().merge(views); // class 1 (1.4/3) beats class 0 (1.3/3)
        assertThat(Merge.argmax(merged)).isEqualTo(1);
        assertThat(Merge.agreement(views, merged)).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(Merge.agreement(TWO_VIEWS, new MeanMerge().merge(TWO_VIEWS))).isEqualTo(1.0); // a tie goes to the first class
    }

    @Test
    void mergesAreFoundByName() {
        assertThat(Merge.byName("mean")).isEqualTo(new MeanMerge());
        assertThat(Merge.byName("geomean")).isEqualTo(new GeometricMeanMerge());
        assertThat(Merge.byName("max")).isEqualTo(new MaxMerge());
        assertThatThrownBy(() -> Merge.byName("median"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("merge"))
                .hasMessageContaining("mean, geomean, max");
    }

    @Test
    void raggedOrEmptyInputIsRefused() {
        assertThatThrownBy(() -> new MeanMerge().merge(new float[0][])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaxMerge().merge(new float[][] {{1f}, {0.5f, 0.5f}}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
