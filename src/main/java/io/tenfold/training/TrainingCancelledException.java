package io.tenfold.training;

/** Training stopped because its listener asked it to. */
public final class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException() {
        super("training was cancelled");
    }
}
