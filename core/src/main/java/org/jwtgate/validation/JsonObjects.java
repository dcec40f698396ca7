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
 * JSON objects (a token's header and claims) parsed exactly as jose4j's {@code JsonUtil.parseJson}
 * parses them: the same grammar and number types, a member name given twice refused, a JSON object
 * required at the root. A plain document ({@link #parsePlain}: what issuers send) is read by a small
 * reader of this class that yields the very values jose4j's parser yields for it, in a fraction of its time
 * (jose4j's table-driven lexer was the largest cost of an uncached validation after the signature);
 * anything else, every malformed or unusual document included, is read by jose4j's own parser, which
 * alone refuses. jose4j's parsers are reused: jose4j
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
        Map<String, Object> plain = parsePlain(json);
        if (plain != null) {
            return plain;
        }
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

    /**
     * The JSON object in {@code json} when the document is plain, else {@code null} (then jose4j's parser
     * decides). Plain: RFC 8259 JSON, whitespace {@code SP HT LF CR} only, strings without escapes or
     * control characters, numbers without leading zeros whose integers have at most 18 digits, nesting at most
     * {@value #PLAIN_DEPTH} deep, no member name given twice. For such text jose4j's grammar and RFC 8259 agree,
     * and the values are made as jose4j's parser makes them: {@link Long#valueOf} of an integer,
     * {@link Double#valueOf} of a number with a fraction or an exponent, {@link Boolean}, {@code null},
     * insertion-ordered objects, array lists.
     */
    static Map<String, Object> parsePlain(String json) {
        Plain p = new Plain(json);
        p.skipSpace();
        if (!p.at('{')) {
            return null;
        }
        Object root = p.object(1);
        if (root == Plain.NOT_PLAIN) {
            return null;
        }
        p.skipSpace();
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) root;
        return p.i == json.length() ? object : null;
    }

    /** How deep {@link #parsePlain} nests (deeper documents go to jose4j's parser; the engine allows 32). */
    static final int PLAIN_DEPTH = 64;

    /** A recursive reader of plain documents; every method answers {@link #NOT_PLAIN} for anything else. */
    private static final class Plain {
        static final Object NOT_PLAIN = new Object();
        private static final int MAX_LONG_DIGITS = 18; // any 18 digits fit a long; 19 may not (BigInteger then)

        private final String s;
        private final int n;
        int i;

        Plain(String s) {
            this.s = s;
            this.n = s.length();
        }

        boolean at(char c) {
            return i < n && s.charAt(i) == c;
        }

        void skipSpace() {
            while (i < n) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                i++;
            }
        }

        Object value(int depth) {
            if (i >= n) {
                return NOT_PLAIN;
            }
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            if (c == '{') {
                return depth < PLAIN_DEPTH ? object(depth + 1) : NOT_PLAIN;
            }
            if (c == '[') {
                return depth < PLAIN_DEPTH ? array(depth + 1) : NOT_PLAIN;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            return NOT_PLAIN;
        }

        // At '{'.
        Object object(int depth) {
            i++;
            Map<String, Object> members = CONTAINERS.createObjectContainer();
            skipSpace();
            if (at('}')) {
                i++;
                return members;
            }
            while (true) {
                if (!at('"')) {
                    return NOT_PLAIN;
                }
                Object name = string();
                if (name == NOT_PLAIN || members.containsKey(name)) {
                    return NOT_PLAIN; // a repeated name: jose4j's parser refuses it
                }
                skipSpace();
                if (!at(':')) {
                    return NOT_PLAIN;
                }
                i++;
                skipSpace();
                Object v = value(depth);
                if (v == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                members.put((String) name, v);
                int next = next('}');
                if (next != MORE) {
                    return next == CLOSED ? members : NOT_PLAIN;
                }
            }
        }

        // At '['.
        Object array(int depth) {
            i++;
            List<Object> elements = CONTAINERS.creatArrayContainer();
            skipSpace();
            if (at(']')) {
                i++;
                return elements;
            }
            while (true) {
                Object v = value(depth);
                if (v == NOT_PLAIN) {
                    return NOT_PLAIN;
                }
                elements.add(v);
                int next = next(']');
                if (next != MORE) {
                    return next == CLOSED ? elements : NOT_PLAIN;
                }
            }
        }

        private static final int MORE = 1;
        private static final int CLOSED = 0;

        // After a member or an element: MORE after a comma, CLOSED after close, else -1.
        private int next(char close) {
            skipSpace();
            if (at(',')) {
                i++;
                skipSpace();
                return MORE;
            }
            if (at(close)) {
                i++;
                return CLOSED;
            }
            return -1;
        }

        // At '"': the text up to the closing quote, when it has no escape and no control character.
        Object string() {
            int start = ++i;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '"') {
                    return s.substring(start, i++);
                }
                if (c == '\\' || c < 0x20) {
                    return NOT_PLAIN;
                }
                i++;
            }
            return NOT_PLAIN;
        }

        // At '-' or a digit: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
        Object number() {
            int start = i;
            if (at('-')) {
                i++;
            }
            int intStart = i;
            if (at('0')) {
                i++;
            } else if (!digits()) {
                return NOT_PLAIN;
            }
            int intDigits = i - intStart;
            if (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                return NOT_PLAIN; // a leading zero
            }
            boolean whole = true;
            if (at('.')) {
                i++;
                whole = false;
                if (!digits()) {
                    return NOT_PLAIN;
                }
            }
            if (at('e') || at('E')) {
                i++;
                whole = false;
                if (at('+') || at('-')) {
                    i++;
                }
                if (!digits()) {
                    return NOT_PLAIN;
                }
            }
            String text = s.substring(start, i);
            if (whole) {
                return intDigits <= MAX_LONG_DIGITS ? (Object) Long.valueOf(text) : NOT_PLAIN;
            }
            return Double.valueOf(text);
        }

        // One or more digits.
        private boolean digits() {
            int from = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            return i > from;
        }
    }
}
