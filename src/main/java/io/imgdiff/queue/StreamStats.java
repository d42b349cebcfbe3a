package io.imgdiff.queue;

/** Health of one stage stream: entries not yet delivered to the group ({@code lag}) and delivered but unacked. */
public record StreamStats(long length, long lag, long pending, long delayedRetries) {
}
