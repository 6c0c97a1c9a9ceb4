package io.tenfold.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.transfer.TransferStrategy.Auto;
import io.tenfold.transfer.TransferStrategy.Decision;
import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoStrategyTest {

    private final BaseModel mobileNet = MobileNetV2.nsfwjs();

    @Test
    void belowTenPerClassOnlyTheHeadTrains() {
        Decision decision = new Auto().resolve(mobileNet, List.of(9, 9, 9));
        assertThat(decision.strategy()).isEqualTo(new FeatureExtractor());
        assertThat(decision.reason()).contains("median 9 training images per class", "below 10", "CS231n");
    }

    @Test
    void fromTenTheTopBlocksAreFineTuned() {
        // Fine-tune's default: the top 3 of MobileNetV2's 19 blocks (head_conv, block_16, block_15).
        for (int perClass : new int[] {10, 100, 999}) {
            Decision decision = AutoStrategy.decide(mobileNet, List.of(perClass, perClass));
            assertThat(decision.strategy()).isEqualTo(new FineTune(3, LearningRateMultipliers.DEFAULT));
            assertThat(decision.reason()).contains("top 3 of 19 blocks", "Yosinski");
        }
    }

    @Test
    void fromAThousandEveryLayerTrains() {
        Decision decision = AutoStrategy.decide(mobileNet, List.of(1000, 1000));
        assertThat(decision.strategy()).isEqualTo(new Full(LearningRateMultipliers.DEFAULT));
        assertThat(decision.reason()).contains("at least 1000");
    }

    @Test
    void theMedianDecidesSoOneSmallClassDoesNot() {
        Decision decision = AutoStrategy.decide(mobileNet, List.of(3, 150, 200, 5000));
        assertThat(decision.strategy()).isInstanceOf(FineTune.class);
        assertThat(decision.reason()).contains("median 175", "smallest class 3", "4 classes");
        assertThat(AutoStrategy.decide(mobileNet, List.of(9, 10)).reason()).contains("median 9.5");
    }

    @Test
    void networksWithoutPretrainedWeightsAlwaysTrainWhole() {
        Decision decision = AutoStrategy.decide(new ScratchResNet(), List.of(5, 5));
        assertThat(decision.strategy()).isEqualTo(new Full(LearningRateMultipliers.UNIFORM));
        assertThat(decision.reason()).contains("scratch-resnet has no pretrained weights");
    }

    @Test
    void itNeedsCounts() {
        assertThatThrownBy(() -> AutoStrategy.decide(mobileNet, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AutoStrategy.decide(mobileNet, List.of(-1, 4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
