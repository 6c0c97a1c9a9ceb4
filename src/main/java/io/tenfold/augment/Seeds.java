package io.tenfold.augment;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Where every augmentation generator comes from. A sample's generator depends only on (job seed,
 * epoch, sample index), so any image of any epoch can be re-augmented byte for byte, in any order
 * and on any thread; containers give each child its own generator drawn from theirs, so what one
 * child draws never shifts its siblings.
 */
public final class Seeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    public static SplittableRandom forSample(long seed, long epoch, long index) {
        long h = mix64(seed + GOLDEN);
        h = mix64(h + epoch + GOLDEN);
        h = mix64(h + index + GOLDEN);
        return new SplittableRandom(h);
    }

    /** A generator for a child transform: one draw from the parent, whatever the child draws. */
    public static RandomGenerator child(RandomGenerator parent) {
        return new SplittableRandom(parent.nextLong());
    }

    /** SplitMix64's finaliser (Stafford's variant 13): a bijection that mixes every input bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
