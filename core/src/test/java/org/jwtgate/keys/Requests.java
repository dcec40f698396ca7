package org.jwtgate.keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An in-memory {@link PublisherRequest} for engine-level tests. */
final class Requests implements PublisherRequest {
    private final String method;
    private final String path;
    private String host;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private Requests(String method, String path) {
        this.method = method;
        this.path = path;
    }

    static Requests of(String method, String path) {
        return new Requests(method, path);
    }

    static Requests get(String path) {
        return new Requests("GET", path);
    }

    Requests host(String h) {
        this.host = h;
        return this;
    }

    Requests header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
