package io.imgdiff.queue;

import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs and items in Redis: run records, per-stage counters, and item records (input, outputs, state). */
public interface RunRepository {

    /**
     * Creates the run and its items and enqueues every item at {@code run.entry()}, atomically per batch of items.
     * Fails when the run already exists.
     */
    void submit(RunInfo run, Map<String, ItemInput> items);

    Optional<RunInfo> run(String run);

    /** All runs, newest first (one Redis read per run: for tools, not for request handlers). */
    default List<RunInfo> runs() {
        return runs(0, Integer.MAX_VALUE);
    }

    /** At most {@code limit} runs, newest first, after skipping the {@code offset} newest. */
    List<RunInfo> runs(long offset, int limit);

    /** How many runs there are. */
    long runCount();

    /** The run's counters; empty when the run does not exist. */
    Optional<RunStatus> status(String run);

    Optional<Item> item(String run, String item);

    /**
     * The items the jobs name, in order, read in one pipelined round trip. Each is decoded only when its supplier is
     * called, so a corrupt record is an error of its own job, thrown (unchecked) by that supplier.
     */
    List<Supplier<Optional<Item>>> items(List<Job> jobs);

    /** Visits every item of a run in id order without holding them all in memory. */
    void forEachItem(String run, Consumer<Item> visitor);

    /**
     * Up to {@code count} items of a run in id order, starting after the id {@code after} (exclusive; null or empty
     * for the first page), read in one pipelined round trip: what a gallery page of a 100k-item run reads.
     */
    List<Item> page(String run, String after, int count);
}
