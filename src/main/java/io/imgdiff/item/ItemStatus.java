package io.imgdiff.item;

/** Where an item is: moving through stages, or finished in exactly one of three ways. */
public enum ItemStatus {
    QUEUED, DONE, DROPPED, FAILED;

    public boolean finished() {
        return this != QUEUED;
    }
}
