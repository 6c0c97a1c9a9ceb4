package io.tenfold.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void theSameTripleGivesTheSameStreamAndAnyChangeAnother() {
        assertThat(Seeds.forSample(42, 3, 17).nextLong()).isEqualTo(Seeds.forSample(42, 3, 17).nextLong());
        Set<Long> firsts = new HashSet<>();
        for (long seed = 0; seed < 4; seed++) {
            for (long epoch = 0; epoch < 8; epoch++) {
                for (long index = 0; index < 64; index++) {
                    firsts.add(Seeds.forSample(seed, epoch, index).nextLong());
                }
            }
        }
        assertThat(firsts).hasSize(4 * 8 * 64);
        // swapping epoch and index is another sample
        assertThat(Seeds.forSample(1, 2, 3).nextLong()).isNotEqualTo(Seeds.forSample(1, 3, 2).nextLong());
    }

    @Test
    void childrenTakeOneDrawFromTheirParent() {
        var a = Seeds.forSample(1, 0, 0);
        var b = Seeds.forSample(1, 0, 0);
        Seeds.child(a).nextLong();
        var child = Seeds.child(b);
        for (int i = 0; i < 10; i++) {
            child.nextLong();
        }
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }
}
