package io.tenfold.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.transfer.TransferStrategy.Auto;
import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class TransferStrategyJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final BaseModel tiny = new TinyResidualModel();

    @Test
    void everyStrategyRoundTrips() {
        for (TransferStrategy strategy : List.of(new FeatureExtractor(), new Auto(),
                new FineTune(2, new LearningRateMultipliers(2, 0.5, 0.25)), new Full(LearningRateMultipliers.DEFAULT))) {
            String text = JSON.writeValueAsString(TransferStrategyJson.write(strategy));
            assertThat(TransferStrategyJson.read(JSON.readTree(text), tiny)).as(text).isEqualTo(strategy);
        }
    }

    @Test
    void aNameAloneOrAbsentFieldsTakeTheDefaults() {
        assertThat(TransferStrategyJson.read(json("\"fine-tune\""), tiny))
                .isEqualTo(new FineTune(3, LearningRateMultipliers.DEFAULT));
        assertThat(TransferStrategyJson.read(json("{\"name\": \"fine-tune\", \"learningRateMultipliers\": {\"top\": 0.5}}"),
                tiny)).isEqualTo(new FineTune(3, new LearningRateMultipliers(1, 0.5, 0.01)));
        assertThat(TransferStrategyJson.read(json("{\"name\": \"full\"}"), new ScratchVgg()))
                .isEqualTo(new Full(LearningRateMultipliers.UNIFORM));
    }

    @Test
    void problemsNameTheirField() {
        assertField("{\"name\": \"fine-tune\", \"unfreezeBlocks\": 9}", "strategy.unfreezeBlocks");
        assertField("{\"name\": \"fine-tune\", \"unfreezeBlocks\": 1.5}", "strategy.unfreezeBlocks");
        assertField("{\"name\": \"fine-tune\", \"unfreezeBlock\": 2}", "strategy.unfreezeBlock");
        assertField("{\"name\": \"feature-extractor\", \"unfreezeBlocks\": 2}", "strategy.unfreezeBlocks");
        assertField("{\"name\": \"full\", \"learningRateMultipliers\": {\"deeper\": -1}}",
                "strategy.learningRateMultipliers.deeper");
        assertField("{\"name\": \"full\", \"learningRateMultipliers\": {\"top\": \"fast\"}}",
                "strategy.learningRateMultipliers.top");
        assertField("{\"name\": \"full\", \"learningRateMultipliers\": {\"middle\": 1}}",
                "strategy.learningRateMultipliers.middle");
        assertField("{\"unfreezeBlocks\": 2}", "strategy.name");
        assertField("{\"name\": 3}", "strategy.name");
        assertField("\"fast\"", "strategy.name");
        assertField("[]", "strategy");
    }

    private void assertField(String text, String field) {
        assertThatThrownBy(() -> TransferStrategyJson.read(json(text), tiny)).as(text)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
