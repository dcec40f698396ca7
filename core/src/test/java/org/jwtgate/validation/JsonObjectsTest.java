package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link JsonObjects} parses as jose4j's {@code JsonUtil.parseJson} does, with reused parsers. */
class JsonObjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"iss\":\"https://idp.example\",\"exp\":1700000000,\"aud\":[\"a\",\"b\"],\"x\":null,\"t\":true}",
        "{\"n\":1.5e3,\"neg\":-42,\"big\":9223372036854775807,\"nested\":{\"a\":{\"b\":[1,{\"c\":[]}]}}}",
        "{\"unicode\":\"\\u00e9\\ud83d\\ude00\",\"escaped\":\"a\\\"b\\\\c\\/d\\n\"}",
        "  {\"spaces\" : [ 1 , 2 ] }  ",
    })
    void acceptsWhatJose4jAcceptsWithTheSameValues(String json) throws Exception {
        Map<String, Object> ours = JsonObjects.parse(json);
        assertEquals(JsonUtil.parseJson(json), ours);
        assertEquals(List.copyOf(JsonUtil.parseJson(json).keySet()), List.copyOf(ours.keySet()), "member order kept");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "null", "[]", "[{}]", "42", "\"text\"", "true", "{", "{\"a\":}", "{'a':1}", "{\"a\":1}}x",
        "{\"a\":1,\"a\":2}", "{\"o\":{\"k\":1,\"k\":1}}",
    })
    void refusesWhatJose4jRefuses(String json) {
        assertThrows(JoseException.class, () -> JsonUtil.parseJson(json), "jose4j itself refuses " + json);
        JoseException e = assertThrows(JoseException.class, () -> JsonObjects.parse(json));
        assertFalse(!json.isEmpty() && e.getMessage().contains(json), "the input is never quoted");
    }

    // jose4j's parser is lenient here; the same parser must stay exactly as lenient, no more, no less.
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "{\"n\":99999999999999999999999999999999999e99999999}", "{\"a\":\"\\x\"}",
        "{\"a\":01}"})
    void isAsLenientAsJose4j(String json) throws Exception {
        assertEquals(JsonUtil.parseJson(json), JsonObjects.parse(json));
    }

    @Test
    void aParserThatFailedParsesTheNextDocumentCorrectly() throws Exception {
        for (int i = 0; i < 100; i++) {
            assertThrows(JoseException.class, () -> JsonObjects.parse("{\"a\":[1,2,{\"b\":"));
            assertEquals(Map.of("k", (long) 7), JsonObjects.parse("{\"k\":7}"));
        }
    }

    @Test
    void concurrentParsesNeverShareAParser() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String json = "{\"thread\":" + id + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}";
                        Map<String, Object> m = JsonObjects.parse(json);
                        if (!m.get("thread").equals((long) id) || !m.get("i").equals((long) i)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
