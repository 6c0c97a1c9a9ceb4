package io.tenfold.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ForwardBatcherTest {

    private final ExecutorService clients = Executors.newFixedThreadPool(8);
    private final List<ForwardBatcher<?>> batchers = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        for (ForwardBatcher<?> batcher : batchers) {
            batcher.close();
            assertThat(batcher.awaitTermination(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void concurrentRequestsShareAPassAndEachGetsItsOwnRows() throws Exception {
        ComputationGraph network = network();
        Recorder recorder = new Recorder();
        Gate gate = new Gate(network);
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ofMillis(50), 640,
                true), recorder);
        gate.hold();
        // The runner is held in its first pass, so the next four requests are all waiting when it is free.
        Future<ForwardBatcher.Forward> blocker = occupy(batcher, gate);
        List<Future<ForwardBatcher.Forward>> answers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int seed = i;
            answers.add(clients.submit(() -> batcher.forward(inputs(seed, seed))));
        }
        awaitQueued(batcher, 1 + 2 + 3 + 4);
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);
        for (int i = 1; i <= 4; i++) {
            ForwardBatcher.Forward forward = answers.get(i - 1).get(10, TimeUnit.SECONDS);
            float[][] alone = network.outputSingle(false, inputs(i, i)).toFloatMatrix();
            assertThat(forward.rows()).hasDimensions(i, 3);
            for (int r = 0; r < i; r++) {
                assertThat(forward.rows()[r]).containsExactly(alone[r], org.assertj.core.data.Offset.offset(1e-5f));
            }
            assertThat(forward.passViews()).isEqualTo(10);
        }
        assertThat(recorder.passes).containsExactly(new int[] {1, 1}, new int[] {4, 10});
    }

    @Test
    void withoutMergingEveryRequestHasAPassOfItsOwn() throws Exception {
        Recorder recorder = new Recorder();
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ofMillis(50), 640,
                false), recorder);
        gate.hold();
        List<Future<ForwardBatcher.Forward>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(clients.submit(() -> batcher.forward(inputs(2, 1))));
        }
        awaitQueued(batcher, 6);
        gate.release();
        for (Future<ForwardBatcher.Forward> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).passViews()).isEqualTo(2);
        }
        assertThat(recorder.passes).hasSize(4).allMatch(p -> p[0] == 1 && p[1] == 2);
    }

    @Test
    void aPassNeverExceedsMaxViews() throws Exception {
        Recorder recorder = new Recorder();
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(10, Duration.ofMillis(20), 640,
                true), recorder);
        gate.hold();
        Future<ForwardBatcher.Forward> blocker = occupy(batcher, gate);
        List<Future<ForwardBatcher.Forward>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(clients.submit(() -> batcher.forward(inputs(4, 2))));
        }
        awaitQueued(batcher, 24);
        gate.release();
        for (Future<ForwardBatcher.Forward> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }
        blocker.get(10, TimeUnit.SECONDS);
        assertThat(recorder.passes).allMatch(p -> p[1] <= 10);
        assertThat(recorder.passes.stream().mapToInt(p -> p[1]).sum()).isEqualTo(1 + 24);
    }

    @Test
    void aFullQueueRefusesAtOnceWithARetryHintAndLosesNothingQueued() throws Exception {
        Recorder recorder = new Recorder();
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ZERO, 10, true),
                recorder);
        gate.hold();
        Future<ForwardBatcher.Forward> running = occupy(batcher, gate);
        Future<ForwardBatcher.Forward> first = clients.submit(() -> batcher.forward(inputs(6, 1)));
        awaitQueued(batcher, 6);
        Future<ForwardBatcher.Forward> second = clients.submit(() -> batcher.forward(inputs(4, 2)));
        awaitQueued(batcher, 10);

        assertThatThrownBy(() -> batcher.forward(inputs(1, 3)))
                .isInstanceOfSatisfying(ForwardBatcher.QueueFullException.class,
                        e -> assertThat(e.retryAfterSeconds()).isPositive())
                .hasMessageContaining("10 views are waiting");
        assertThat(recorder.refused).isEqualTo(1);

        gate.release();
        running.get(10, TimeUnit.SECONDS);
        assertThat(first.get(10, TimeUnit.SECONDS).rows()).hasNumberOfRows(6);
        assertThat(second.get(10, TimeUnit.SECONDS).rows()).hasNumberOfRows(4);
        assertThat(batcher.forward(inputs(1, 3)).rows()).hasNumberOfRows(1);
    }

    @Test
    void anEmptyQueueTakesARequestLargerThanItsBound() {
        ForwardBatcher<Gate> batcher = start(List.of(new Gate(network())),
                new ForwardBatcher.Settings(64, Duration.ZERO, 4, true), new Recorder());
        assertThat(batcher.forward(inputs(12, 0)).rows()).hasNumberOfRows(12);
    }

    @Test
    void closingFinishesQueuedWorkThenRefusesAndClosesReplicasOnTheirOwnThreads() throws Exception {
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ZERO, 640, true),
                new Recorder());
        gate.hold();
        Future<ForwardBatcher.Forward> running = occupy(batcher, gate);
        Future<ForwardBatcher.Forward> queued = clients.submit(() -> batcher.forward(inputs(2, 1)));
        awaitQueued(batcher, 2);
        batcher.close();
        assertThatThrownBy(() -> batcher.forward(inputs(1, 2))).isInstanceOf(ForwardBatcher.BatcherClosedException.class);
        gate.release();
        assertThat(running.get(10, TimeUnit.SECONDS).rows()).hasNumberOfRows(1);
        assertThat(queued.get(10, TimeUnit.SECONDS).rows()).hasNumberOfRows(2);
        assertThat(batcher.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(gate.closedOn).startsWith("tenfold-forward-test-");
    }

    @Test
    void everyReplicaServesAndExclusiveWorkRunsOnAReplicaAlone() throws Exception {
        ComputationGraph network = network();
        Recorder recorder = new Recorder();
        ForwardBatcher<Gate> batcher = start(List.of(new Gate(network), new Gate(network.clone())),
                new ForwardBatcher.Settings(64, Duration.ZERO, 640, true), recorder);
        List<Future<String>> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            threads.add(clients.submit(() -> batcher.exclusive(replica -> {
                sleep(20);
                return Thread.currentThread().getName();
            }, 1)));
        }
        List<String> names = new ArrayList<>();
        for (Future<String> thread : threads) {
            names.add(thread.get(10, TimeUnit.SECONDS));
        }
        assertThat(names).contains("tenfold-forward-test-0", "tenfold-forward-test-1");
        assertThat(recorder.passes).hasSize(20).allMatch(p -> p[0] == 1);
    }

    @Test
    void aFailingPassFailsItsRequestsOnlyAndTheRunnerGoesOn() {
        ForwardBatcher<Gate> batcher = start(List.of(new Gate(network())),
                new ForwardBatcher.Settings(64, Duration.ZERO, 640, true), new Recorder());
        assertThatThrownBy(() -> batcher.forward(Nd4j.rand(DataType.FLOAT, 2, 5)))
                .isInstanceOf(RuntimeException.class);
        assertThat(batcher.forward(inputs(2, 0)).rows()).hasNumberOfRows(2);
    }

    /**
     * A pass that fails before it reaches the network (here its inputs cannot be joined into one
     * batch) fails the requests it carried, promptly, and the runner goes on. It used to end the
     * runner thread, leaving every request behind it waiting forever.
     */
    @Test
    void aPassThatFailsBeforeTheNetworkFailsItsRequestsAndTheRunnerGoesOn() throws Exception {
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ofMillis(50), 640,
                true), new Recorder());
        gate.hold();
        Future<ForwardBatcher.Forward> blocker = occupy(batcher, gate);
        INDArray freed = inputs(2, 1);
        Future<ForwardBatcher.Forward> first = clients.submit(() -> batcher.forward(freed));
        Future<ForwardBatcher.Forward> second = clients.submit(() -> batcher.forward(inputs(2, 2)));
        awaitQueued(batcher, 4);
        freed.close();   // the merged pass cannot read it
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);
        for (Future<ForwardBatcher.Forward> answer : List.of(first, second)) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ForwardBatcher.UnavailableException.class);
        }
        assertThat(batcher.forward(inputs(3, 0)).rows()).hasNumberOfRows(3);
    }

    /** Every wait has a deadline: a pass that hangs gives its waiting requests a 503-kind answer in time. */
    @Test
    void aRequestWaitsNoLongerThanTheTimeout() throws Exception {
        Gate gate = new Gate(network());
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ZERO, 640, true,
                Duration.ofMillis(300)), new Recorder());
        gate.hold();
        long start = System.nanoTime();
        assertThatThrownBy(() -> batcher.forward(inputs(1, 0))).isInstanceOf(ForwardBatcher.UnavailableException.class)
                .hasMessageContaining("no answer within");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        gate.release();
        assertThat(batcher.forward(inputs(2, 0)).rows()).hasNumberOfRows(2);
    }

    /**
     * A runner that dies outside any pass fails everything queued as unavailable, closes the
     * batcher and tells its listener, which retires the model so the next request loads it afresh.
     */
    @Test
    @SuppressWarnings({"deprecation", "removal"})
    void aDeadRunnerFailsItsQueueAndSaysSo() throws Exception {
        Gate gate = new Gate(network());
        java.util.concurrent.CompletableFuture<Throwable> died = new java.util.concurrent.CompletableFuture<>();
        ForwardBatcher<Gate> batcher = start(List.of(gate), new ForwardBatcher.Settings(64, Duration.ZERO, 640, true),
                new ForwardBatcher.Listener() {
                    @Override
                    public void onRunnerDied(Throwable cause) {
                        died.complete(cause);
                    }
                });
        Thread runner = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tenfold-forward-test-0")).findFirst().orElseThrow();
        // Killing the idle runner stands in for an error outside a pass (Thread.stop still works on Java 17).
        runner.stop();
        assertThat(died.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThatThrownBy(() -> batcher.forward(inputs(1, 0))).isInstanceOf(ForwardBatcher.BatcherClosedException.class);
    }

    @Test
    void aFailedWarmUpIsReportedAndNothingRuns() {
        assertThatThrownBy(() -> new ForwardBatcher<>("broken", List.of(new Gate(network())),
                new ForwardBatcher.Settings(64, Duration.ZERO, 640, true), ForwardBatcher.Listener.NONE, replica -> {
                    throw new IllegalStateException("wrong output shape");
                })).isInstanceOf(IllegalStateException.class).hasMessageContaining("wrong output shape");
    }

    private <R extends ForwardBatcher.Replica> ForwardBatcher<R> start(List<R> replicas,
            ForwardBatcher.Settings settings, ForwardBatcher.Listener listener) {
        ForwardBatcher<R> batcher = new ForwardBatcher<>("test", replicas, settings, listener,
                replica -> replica.output(inputs(1, 0)).close());
        batchers.add(batcher);
        return batcher;
    }

    private static INDArray inputs(int rows, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, rows, 4);
    }

    /** Sends a one-view request and waits until the runner holds it at the gate, done collecting. */
    private Future<ForwardBatcher.Forward> occupy(ForwardBatcher<?> batcher, Gate gate) throws InterruptedException {
        int before = gate.entered.get();
        Future<ForwardBatcher.Forward> occupying = clients.submit(() -> batcher.forward(inputs(1, 0)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.entered.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(gate.entered.get()).isGreaterThan(before);
        return occupying;
    }

    private static void awaitQueued(ForwardBatcher<?> batcher, int views) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batcher.queuedViews() != views && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(batcher.queuedViews()).isEqualTo(views);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ComputationGraph network() {
        ComputationGraph network = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7)
                .graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build());
        network.init();
        return network;
    }

    /** A real network whose passes can be held at a gate, so tests can fill the queue behind a running pass. */
    private static final class Gate implements ForwardBatcher.Replica {

        private final ComputationGraph network;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger entered = new AtomicInteger();
        private volatile String closedOn;

        Gate(ComputationGraph network) {
            this.network = network;
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public INDArray output(INDArray batch) {
            entered.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return network.outputSingle(false, batch);
        }

        @Override
        public void close() {
            closedOn = Thread.currentThread().getName();
        }
    }

    private static final class Recorder implements ForwardBatcher.Listener {

        final List<int[]> passes = Collections.synchronizedList(new ArrayList<>());
        volatile int refused;

        @Override
        public void onPass(int requests, int views, long nanos) {
            passes.add(new int[] {requests, views});
        }

        @Override
        public void onRefused(int views) {
            refused++;
        }
    }
}
