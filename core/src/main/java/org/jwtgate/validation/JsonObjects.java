package org.jwtgate.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jose4j.json.internal.json_simple.parser.ContainerFactory;
import org.jose4j.json.internal.json_simple.parser.JSONParser;
import org.jose4j.json.internal.json_simple.parser.ParseException;
import org.jose4j.lang.JoseException;

/**
 * JSON objects (a token's header and claims) parsed by jose4j's own parser exactly as jose4j's
 * {@code JsonUtil.parseJson} parses them: the same grammar and number types, a member name given twice
 * refused, a JSON object required at the root. The one difference is that parsers are reused: jose4j
 * makes a new parser per document, and each new parser allocates a lexer buffer of 16,384 chars
 * (32 KB), which the allocation profile of an uncached validation showed as nearly all of its garbage
 * (about 64 KB per token, and 75 KB per token of a kid flood). A parser resets itself at the start of
 * every parse, so one that failed is as good as new; a small pool keeps a few per CPU, taken and given
 * back without locks, and a thread that finds none makes one.
 */
final class JsonObjects {
    private static final int SLOTS = Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    private static final int PROBES = 4;
    private static final AtomicReferenceArray<JSONParser> POOL = new AtomicReferenceArray<>(SLOTS);

    /** jose4j's containers: insertion-ordered objects that refuse a repeated name, and array lists. */
    private static final ContainerFactory CONTAINERS = new ContainerFactory() {
        @Override
        public Map<String, Object> createObjectContainer() {
            return new UniqueNames();
        }

        @Override
        public List<Object> creatArrayContainer() {
            return new ArrayList<>();
        }
    };

    private JsonObjects() {
    }

    /**
     * The JSON object in {@code json}, as a fresh mutable map owned by the caller.
     *
     * @throws JoseException when the text is not a JSON object or repeats a member name (no part of the
     *     input is quoted in the message)
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) throws JoseException {
        int slot = (int) (Thread.currentThread().getId() % SLOTS);
        JSONParser parser = take(slot);
        Object parsed;
        try {
            parsed = parser.parse(json, CONTAINERS);
        } catch (ParseException | IllegalArgumentException e) {
            throw new JoseException("not a JSON object");
        } finally {
            giveBack(slot, parser);
        }
        if (!(parsed instanceof Map)) {
            throw new JoseException("not a JSON object");
        }
        return (Map<String, Object>) parsed;
    }

    private static JSONParser take(int slot) {
        for (int i = 0; i < PROBES; i++) {
            JSONParser p = POOL.getAndSet((slot + i) % SLOTS, null);
            if (p != null) {
                return p;
            }
        }
        return new JSONParser();
    }

    private static void giveBack(int slot, JSONParser parser) {
        for (int i = 0; i < PROBES; i++) {
            if (POOL.compareAndSet((slot + i) % SLOTS, null, parser)) {
                return;
            }
        }
    }

    /** An object that refuses a member name given twice, as jose4j's parsing does. */
    private static final class UniqueNames extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object put(String name, Object value) {
            if (containsKey(name)) {
                throw new IllegalArgumentException("repeated member name");
            }
            return super.put(name, value);
        }
    }
}
