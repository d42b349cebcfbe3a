package io.imgdiff.queue;

/** Result of finishing a job: applied, or stale because another delivery of the same job already finished it. */
public enum Outcome {
    APPLIED, STALE
}
