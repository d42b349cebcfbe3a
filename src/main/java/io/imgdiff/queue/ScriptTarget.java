package io.imgdiff.queue;

/** What a script call acts on, for error messages: the stream, run and item ('-' where none applies). */
public record ScriptTarget(String stream, String run, String item) {

    public static ScriptTarget of(Job job, String stream) {
        return new ScriptTarget(stream, job.run(), job.item());
    }

    public static ScriptTarget ofStream(String stream) {
        return new ScriptTarget(stream, "-", "-");
    }
}
