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
                        // an escape: not plain, so jose4j's pooled parsers read it
                        String json = "{\"thread\":" + id + ",\"i\":" + i + ",\"pad\":\"\\t" + "x".repeat(i % 300) + "\"}";
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

    @Test
    void plainDocumentsAreReadExactlyAsJose4jReadsThemAndAllOthersAreLeftToJose4j() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        int plain = 0;
        int left = 0;
        for (int k = 0; k < 30_000; k++) {
            String doc = document(random, 0);
            if (k % 2 == 1) {
                doc = mutate(doc, random);
            }
            Object reference;
            try {
                reference = JsonUtil.parseJson(doc);
            } catch (JoseException | RuntimeException e) {
                reference = e;
            }
            Map<String, Object> fast = JsonObjects.parsePlain(doc);
            String where = "seed " + seed + ", document " + doc;
            if (fast != null) {
                plain++;
                assertSameTree(reference, fast, where);
            } else {
                left++;
            }
            Object ours;
            try {
                ours = JsonObjects.parse(doc);
            } catch (JoseException e) {
                ours = e;
            }
            if (reference instanceof Map) {
                assertSameTree(reference, ours, where);
            } else {
                assertTrue(ours instanceof JoseException, where);
            }
        }
        assertTrue(plain > 5_000, "plain documents read: " + plain);
        assertTrue(left > 5_000, "documents left to jose4j: " + left);
    }

    @Test
    void aTypicalAccessTokensClaimsArePlain() throws Exception {
        String claims = "{\"iss\":\"https://issuer.bench.example\",\"aud\":\"orders-api\",\"sub\":\"4f1c2a9e-bench-user\","
                + "\"exp\":1764640000,\"iat\":1764596800,\"scope\":\"orders:read orders:write profile\","
                + "\"groups\":[\"staff\",\"orders-manager\"],\"client_id\":\"bench-client\",\"jti\":\"8d2e5a7c-0b1f\","
                + "\"realm_access\":{\"roles\":[\"a\"]},\"ratio\":0.25,\"active\":true,\"none\":null}";
        assertEquals(JsonUtil.parseJson(claims), JsonObjects.parsePlain(claims));
    }

    // The same values of the same classes in the same order (Long 1 and Double 1.0 differ).
    private static void assertSameTree(Object expected, Object actual, String where) {
        if (expected instanceof Map<?, ?> e) {
            assertTrue(actual instanceof Map, where);
            assertEquals(List.copyOf(e.keySet()), List.copyOf(((Map<?, ?>) actual).keySet()), where);
            for (Map.Entry<?, ?> m : e.entrySet()) {
                assertSameTree(m.getValue(), ((Map<?, ?>) actual).get(m.getKey()), where);
            }
        } else if (expected instanceof List<?> e) {
            assertTrue(actual instanceof List, where);
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where);
            for (int i = 0; i < e.size(); i++) {
                assertSameTree(e.get(i), a.get(i), where);
            }
        } else if (expected == null) {
            assertEquals(null, actual, where);
        } else {
            assertTrue(actual != null && expected.getClass() == actual.getClass() && expected.equals(actual),
                    where + ": " + expected + " vs " + actual);
        }
    }

    // Each list: the plain items first (the first CLEAN_* of them), then the unusual ones, picked one time in ten.
    private static final String[] SPACE = {"", "", "", " ", "\t", "\n", "\r", "  ", "\f"};
    private static final String[] NAMES = {"iss", "sub", "aud", "exp", "a", "", "\u00e9t\u00e9", "x y", "k\\u0041"};
    private static final String[] TEXT = {"", "abc", "https://idp.example/realms/x", "\u00e9", "\ud83d\ude00", "a b", "'",
        "{}[],:", "\\n", "\\u00e9", "\\ud800", "\\\"", "\\\\", "\\/", "\\x", "\u0001", "\u007f", "\\"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-42", "1700000000", "1.5", "-0.0", "1e3", "1E+3", "2.5e-3",
        "123456789012345678", "-123456789012345678", "1e999", "0.1234567890123456789", "1.0",
        "01", "-01", "00", "1.", ".5", "1e", "-", "1234567890123456789", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "99999999999999999999999", "+1", "0x10", "NaN", "1_0"};
    private static final String[] LITERALS = {"true", "false", "null", "True", "nul", "truex", "nullnull"};

    private static String pick(java.util.Random r, String[] items, int plain) {
        return r.nextInt(10) < 9 ? items[r.nextInt(plain)] : items[r.nextInt(items.length)];
    }

    private static String space(java.util.Random r) {
        return pick(r, SPACE, 8);
    }

    private static String document(java.util.Random r, int depth) {
        return space(r) + object(r, depth) + space(r);
    }

    private static String object(java.util.Random r, int depth) {
        StringBuilder b = new StringBuilder("{").append(space(r));
        int members = r.nextInt(depth == 0 ? 7 : 4);
        for (int m = 0; m < members; m++) {
            if (m > 0) {
                b.append(space(r)).append(',').append(space(r));
            }
            b.append('"').append(pick(r, NAMES, 8)).append('"').append(space(r)).append(':').append(space(r))
                    .append(value(r, depth + 1));
        }
        return b.append(space(r)).append('}').toString();
    }

    private static String value(java.util.Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 3 : 5);
        switch (kind) {
            case 0:
                return '"' + pick(r, TEXT, 8) + (r.nextBoolean() ? "" : pick(r, TEXT, 8)) + '"';
            case 1:
                return pick(r, NUMBERS, 15);
            case 2:
                return pick(r, LITERALS, 3);
            case 3:
                return object(r, depth);
            default:
                StringBuilder b = new StringBuilder("[").append(space(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        b.append(space(r)).append(',').append(space(r));
                    }
                    b.append(value(r, depth + 1));
                }
                return b.append(space(r)).append(']').toString();
        }
    }

    private static final String TRICKY = "{}[]\",:\\ \t\n\r\f0123456789-+.eEtrufalsn\u0000\u00e9x";

    // One character inserted, removed or replaced, at random.
    private static String mutate(String doc, java.util.Random r) {
        int at = r.nextInt(doc.length() + 1);
        char c = TRICKY.charAt(r.nextInt(TRICKY.length()));
        switch (r.nextInt(3)) {
            case 0:
                return doc.substring(0, at) + c + doc.substring(at);
            case 1:
                return at < doc.length() ? doc.substring(0, at) + doc.substring(at + 1) : doc;
            default:
                return at < doc.length() ? doc.substring(0, at) + c + doc.substring(at + 1) : doc + c;
        }
    }
}
