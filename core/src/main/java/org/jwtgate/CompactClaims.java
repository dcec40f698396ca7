package org.jwtgate;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deep, immutable, compact copies of claims for principals that live long (in the token cache):
 * small maps and sets as ordered arrays instead of hash tables, and the strings that recur across
 * tokens (claim names, array elements such as groups and audiences, role and scope names, and the
 * values of {@code iss}, {@code aud}, {@code azp}, {@code client_id}, {@code scope}, {@code scp})
 * shared through a bounded pool. Insertion order is kept.
 */
final class CompactClaims {
    private static final int MAX_ARRAY = 32;
    private static final Set<String> SHARED_VALUES = Set.of("iss", "aud", "azp", "client_id", "scope", "scp");
    private static final Pool POOL = new Pool(4096, 256);

    private CompactClaims() {
    }

    static Map<String, Object> map(Map<String, ?> source) {
        return map(source, true);
    }

    static Set<String> set(Collection<String> source) {
        if (source.isEmpty()) {
            return Set.of();
        }
        if (source.size() > MAX_ARRAY) {
            Set<String> s = new LinkedHashSet<>();
            source.forEach(x -> s.add(POOL.share(x)));
            return Collections.unmodifiableSet(s);
        }
        String[] items = new String[source.size()];
        int n = 0;
        for (String x : source) {
            items[n++] = POOL.share(x);
        }
        return new ArraySet(items);
    }

    private static Map<String, Object> map(Map<String, ?> source, boolean top) {
        if (source.size() > MAX_ARRAY) {
            Map<String, Object> m = new LinkedHashMap<>();
            source.forEach((k, v) -> m.put(POOL.share(k), value(k, v, top)));
            return Collections.unmodifiableMap(m);
        }
        Object[] kv = new Object[2 * source.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : source.entrySet()) {
            kv[i++] = POOL.share(e.getKey());
            kv[i++] = value(e.getKey(), e.getValue(), top);
        }
        return new ArrayMap(kv);
    }

    @SuppressWarnings("unchecked")
    private static Object value(String name, Object v, boolean top) {
        if (v instanceof Map<?, ?> m) {
            return map((Map<String, ?>) m, false);
        }
        if (v instanceof List<?> l) {
            Object[] items = new Object[l.size()];
            boolean nulls = false;
            for (int i = 0; i < items.length; i++) {
                Object x = l.get(i);
                items[i] = x instanceof String s ? POOL.share(s) : value(null, x, false);
                nulls |= x == null;
            }
            return nulls ? Collections.unmodifiableList(Arrays.asList(items)) : List.of(items);
        }
        if (top && v instanceof String s && SHARED_VALUES.contains(name)) {
            return POOL.share(s);
        }
        return v;
    }

    /** A bounded pool of shared strings: once full, strings are kept as they are. */
    static final class Pool {
        private final Map<String, String> strings = new ConcurrentHashMap<>();
        private final int max;
        private final int maxLength;

        Pool(int max, int maxLength) {
            this.max = max;
            this.maxLength = maxLength;
        }

        String share(String s) {
            if (s == null || s.length() > maxLength) {
                return s;
            }
            String shared = strings.get(s);
            if (shared != null) {
                return shared;
            }
            if (strings.size() >= max) {
                return s;
            }
            shared = strings.putIfAbsent(s, s);
            return shared == null ? s : shared;
        }
    }

    /** An immutable map over {@code [k0, v0, k1, v1, …]}, in that order; for a few dozen entries at most. */
    private static final class ArrayMap extends AbstractMap<String, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Object[] kv;

        ArrayMap(Object[] kv) {
            this.kv = kv;
        }

        private int index(Object key) {
            for (int i = 0; i < kv.length; i += 2) {
                if (kv[i] == key || Objects.equals(kv[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = index(key);
            return i < 0 ? null : kv[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return index(key) >= 0;
        }

        @Override
        public int size() {
            return kv.length / 2;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return kv.length / 2;
                }

                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < kv.length;
                        }

                        @Override
                        public Map.Entry<String, Object> next() {
                            if (i >= kv.length) {
                                throw new NoSuchElementException();
                            }
                            Map.Entry<String, Object> e = new SimpleImmutableEntry<>((String) kv[i], kv[i + 1]);
                            i += 2;
                            return e;
                        }
                    };
                }
            };
        }
    }

    /** An immutable set over an array without duplicates, in its order; for a few dozen elements at most. */
    private static final class ArraySet extends AbstractSet<String> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String[] items;

        ArraySet(String[] items) {
            this.items = items;
        }

        @Override
        public boolean contains(Object o) {
            for (String s : items) {
                if (s == o || Objects.equals(s, o)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int size() {
            return items.length;
        }

        @Override
        public Iterator<String> iterator() {
            return Collections.unmodifiableList(Arrays.asList(items)).iterator();
        }
    }
}
