package io.imgdiff.queue;

import io.imgdiff.item.StageName;

import java.time.Instant;
import java.util.List;

/** A job that ran out of attempts or failed permanently, with its last error and every attempt's error. */
public record DeadLetter(String id, StageName stage, String run, String item, int attempts, String error,
                         List<String> history, Instant at) {
}
