package io.imgdiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.StageName;
import io.imgdiff.submit.SubmitInput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code imgdiff submit -}: JSONL from stdin, read like a file named "stdin". */
class SubmitStdinTest {

    private static SubmitInput read(String text) {
        SubmitCommand command = new SubmitCommand();
        command.json = new ObjectMapper();
        return command.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void captionsFromStdinEnterAtEdit() {
        SubmitInput in = read("{\"caption\":\"a cat on a sofa\"}\n\n{\"id\":\"h\",\"caption\":\"a horse on a beach\"}\n");
        assertEquals(StageName.EDIT, in.entry());
        assertEquals(2, in.items().size());
        assertEquals("h", in.items().get(1).id());
    }

    @Test
    void aBadLineNamesStdinAndTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("{\"caption\":\"a cat\"}\n{\"captionA\":\"x\",\"captionB\":\"y\"}\n"));
        assertTrue(e.getMessage().startsWith("stdin line 2: "), e.getMessage());
    }
}
