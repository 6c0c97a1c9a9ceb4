package io.tenfold.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.transfer.TransferStrategy.Auto;
import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad parameters are refused before a job is queued, naming the field a request would carry. */
class TransferStrategyTest {

    private final BaseModel tiny = new TinyResidualModel();
    private final BaseModel scratch = new ScratchVgg();

    @Test
    void unfreezingMoreBlocksThanTheNetworkHasNamesUnfreezeBlocks() {
        FineTune tooDeep = new FineTune(5, LearningRateMultipliers.DEFAULT);
        assertRejects(() -> tooDeep.validateFor(tiny), "strategy.unfreezeBlocks")
                .hasMessageContaining("tiny has 4");
        new FineTune(4, LearningRateMultipliers.DEFAULT).validateFor(tiny);
    }

    @Test
    void unfreezingNoBlockOrANegativeNumberNamesUnfreezeBlocks() {
        assertRejects(() -> new FineTune(0, null), "strategy.unfreezeBlocks");
        assertRejects(() -> new FineTune(-2, null), "strategy.unfreezeBlocks");
    }

    @Test
    void negativeZeroNaNAndInfiniteMultipliersNameTheirField() {
        assertRejects(() -> new LearningRateMultipliers(-1, 0.1, 0.01), "strategy.learningRateMultipliers.head");
        assertRejects(() -> new LearningRateMultipliers(1, Double.NaN, 0.01), "strategy.learningRateMultipliers.top");
        assertRejects(() -> new LearningRateMultipliers(1, 0.1, 0), "strategy.learningRateMultipliers.deeper");
        assertRejects(() -> new LearningRateMultipliers(1, Double.POSITIVE_INFINITY, 0.01),
                "strategy.learningRateMultipliers.top");
    }

    @Test
    void anUnknownOrMissingNameNamesTheField() {
        assertRejects(() -> TransferStrategy.named("fine-tuning", tiny), "strategy.name")
                .hasMessageContaining("feature-extractor, fine-tune, full, auto");
        assertRejects(() -> TransferStrategy.named(null, tiny), "strategy.name");
    }

    @Test
    void namesGiveTheDefaults() {
        assertThat(TransferStrategy.named("feature-extractor", tiny)).isEqualTo(new FeatureExtractor());
        assertThat(TransferStrategy.named("fine-tune", tiny))
                .isEqualTo(new FineTune(FineTune.DEFAULT_UNFREEZE_BLOCKS, LearningRateMultipliers.DEFAULT));
        assertThat(TransferStrategy.named("full", tiny)).isEqualTo(new Full(LearningRateMultipliers.DEFAULT));
        assertThat(TransferStrategy.named("full", scratch)).isEqualTo(new Full(LearningRateMultipliers.UNIFORM));
        assertThat(TransferStrategy.named("auto", tiny)).isEqualTo(new Auto());
        for (String name : TransferStrategy.NAMES) {
            assertThat(TransferStrategy.named(name, tiny).name()).isEqualTo(name);
        }
    }

    @Test
    void freezingANetworkWithoutPretrainedWeightsIsRefused() {
        assertRejects(() -> new FeatureExtractor().validateFor(scratch), "strategy.name")
                .hasMessageContaining("scratch-vgg");
        assertRejects(() -> new FineTune(1, null).validateFor(scratch), "strategy.name");
        new Full(LearningRateMultipliers.UNIFORM).validateFor(scratch);
        new Auto().validateFor(scratch);
    }

    @Test
    void aConcreteStrategyResolvesToItself() {
        FineTune fineTune = new FineTune(2, LearningRateMultipliers.DEFAULT);
        TransferStrategy.Decision decision = fineTune.resolve(tiny, List.of(3, 4));
        assertThat(decision.strategy()).isSameAs(fineTune);
        assertThat(decision.reason()).startsWith("requested");
        assertRejects(() -> new FineTune(9, null).resolve(tiny, List.of(3)), "strategy.unfreezeBlocks");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejects(ThrowingCallable call, String field) {
        return assertThatThrownBy(call)
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }
}
