package io.imgdiff.queue;

import io.imgdiff.queue.RedisScripts.Script;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every script's header documents each of its fixed KEYS and its return values. */
class LuaScriptHeadersTest {

    @Test
    void everyFixedKeyAndTheReturnValueAreDocumented() throws IOException {
        for (Script s : Script.values()) {
            String text = read("queue/" + s.file() + ".lua");
            int keys = Integer.parseInt(s.file().substring(s.file().lastIndexOf('-') + 1));
            assertTrue(text.startsWith("--[["), s.file() + " does not open with a header");
            String header = text.substring(0, text.indexOf("]]"));
            for (int i = 1; i <= keys; i++) {
                assertTrue(header.contains("KEYS[" + i + "]"), s.file() + " header lacks KEYS[" + i + "]");
            }
            assertTrue(header.contains("ARGV[") || keys > 0, s.file() + " header lacks ARGV");
            assertTrue(header.contains("Returns"), s.file() + " header lacks its return codes");
        }
    }

    private static String read(String path) throws IOException {
        try (InputStream in = LuaScriptHeadersTest.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, path + " missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
