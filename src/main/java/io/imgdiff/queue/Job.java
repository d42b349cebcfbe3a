package io.imgdiff.queue;

import io.imgdiff.item.StageName;

/**
 * One delivery of a stage job: the stream entry {@code entryId} of {@code stage}'s stream asking to run
 * {@code stage} on item {@code item} of run {@code run}. {@code attempt} is 1 on the first try and grows by one per
 * retry after a failure.
 */
public record Job(StageName stage, String entryId, String run, String item, int attempt) {
}
