package io.imgdiff.queue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imgdiff.item.Ids;
import io.imgdiff.item.StageName;

import java.util.HashMap;
import java.util.Map;

/**
 * The job payload decoder on arbitrary stream entries: it never throws, and returns either a job whose ids pass
 * {@link Ids#check} and whose attempt is at least 1, or an error naming the entry (which is then dead-lettered).
 * Seeds: {@code JobDecoderFuzzTestInputs/decode/}.
 */
class JobDecoderFuzzTest {

    private static final String[] FIELDS = {"run", "item", "attempt", "stage", ""};

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        Map<String, String> fields = null;
        if (data.consumeBoolean()) {
            fields = new HashMap<>();
            int n = data.consumeInt(0, 6);
            for (int i = 0; i < n; i++) {
                String key = data.consumeBoolean() ? data.pickValue(FIELDS) : data.consumeString(8);
                fields.put(key, data.consumeBoolean() ? null : data.consumeString(40));
            }
        }
        String id = data.consumeString(20);
        JobDecoder.Decoded d = JobDecoder.decode(StageName.DETECT, "imgdiff:stream:detect", id, fields);
        if ((d.job() == null) == (d.error() == null)) {
            throw new AssertionError("expected a job or an error, got " + d);
        }
        if (d.error() != null && !d.error().contains("job entry " + id)) {
            throw new AssertionError("error does not name the entry: " + d.error());
        }
        if (d.job() != null) {
            Ids.check("run", d.job().run());
            Ids.check("item", d.job().item());
            if (d.job().attempt() < 1) {
                throw new AssertionError("attempt " + d.job().attempt());
            }
        }
    }
}
