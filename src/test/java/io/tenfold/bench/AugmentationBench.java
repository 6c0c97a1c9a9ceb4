package io.tenfold.bench;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.augment.AugmentationPolicy;
import io.tenfold.image.TestImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Images per second of the augmentation presets at input size 224 on {@code images} synthetic
 * photo-like {@code size x size} RGB images, with one and two threads; each round augments every
 * image once (sample index = image, epoch = round), after two warm-up rounds; prints medians. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.tenfold.bench.AugmentationBench}
 * (arguments: rounds, images, size; defaults 7 300 256).
 */
public final class AugmentationBench {

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        List<BufferedImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(TestImages.photo(size, size, i));
        }
        System.out.printf("%d images %dx%d, input 224, %d rounds after 2 warm-up, %d cores%n",
                count, size, size, rounds, Runtime.getRuntime().availableProcessors());
        for (String name : List.of("default", "heavy", "none")) {
            AugmentationPolicy policy = AugmentationPolicies.named(name, 224);
            for (int threads : new int[] {1, 2}) {
                double[] rates = new double[rounds];
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    for (int round = -2; round < rounds; round++) {
                        long start = System.nanoTime();
                        runRound(pool, threads, policy, images, round);
                        double seconds = (System.nanoTime() - start) / 1e9;
                        if (round >= 0) {
                            rates[round] = count / seconds;
                        }
                    }
                } finally {
                    pool.shutdown();
                }
                Arrays.sort(rates);
                System.out.printf("%-8s %d thread%s: median %7.1f images/s  (min %7.1f, max %7.1f)%n", name, threads,
                        threads == 1 ? " " : "s", rates[rounds / 2], rates[0], rates[rounds - 1]);
            }
        }
    }

    private static void runRound(ExecutorService pool, int threads, AugmentationPolicy policy, List<BufferedImage> images,
            int epoch) throws Exception {
        List<Future<Long>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = t * images.size() / threads;
            int to = (t + 1) * images.size() / threads;
            parts.add(pool.submit(() -> {
                long checksum = 0;
                for (int i = from; i < to; i++) {
                    BufferedImage out = policy.augment(images.get(i), 42, epoch, i);
                    checksum += out.getRGB(112, 112);
                }
                return checksum;
            }));
        }
        for (Future<Long> part : parts) {
            part.get();
        }
    }
}
