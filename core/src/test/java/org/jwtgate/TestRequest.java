package org.jwtgate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jwtgate.tenant.TenantRequest;

/** A request given as plain values, for core tests (the adapters have their own real ones). */
public final class TestRequest implements TenantRequest {
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private final Map<String, List<String>> form = new LinkedHashMap<>();
    private final Map<String, List<String>> cookies = new LinkedHashMap<>();
    private String rawPath;
    private String host;
    private String method;
    private String url;
    private java.security.cert.X509Certificate clientCertificate;
    private String remoteAddress;

    public static TestRequest create() {
        return new TestRequest();
    }

    public static TestRequest bearer(String token) {
        return create().header("Authorization", "Bearer " + token);
    }

    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    public TestRequest query(String name, String value) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public TestRequest form(String name, String value) {
        form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public TestRequest cookie(String name, String value) {
        cookies.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** The path as sent (see {@link TenantRequest#rawPath()}). */
    public TestRequest rawPath(String value) {
        this.rawPath = value;
        return this;
    }

    public TestRequest host(String value) {
        this.host = value;
        return this;
    }

    /** The method (see {@link org.jwtgate.token.BearerRequest#method()}). */
    public TestRequest method(String value) {
        this.method = value;
        return this;
    }

    /** The URL the request was received at (see {@link org.jwtgate.token.BearerRequest#requestUrl()}). */
    public TestRequest url(String value) {
        this.url = value;
        return this;
    }

    /** The TLS client certificate (see {@link org.jwtgate.token.BearerRequest#clientCertificate()}). */
    public TestRequest clientCertificate(java.security.cert.X509Certificate value) {
        this.clientCertificate = value;
        return this;
    }

    /** The peer's address (see {@link org.jwtgate.token.BearerRequest#remoteAddress()}). */
    public TestRequest remoteAddress(String value) {
        this.remoteAddress = value;
        return this;
    }

    @Override
    public java.security.cert.X509Certificate clientCertificate() {
        return clientCertificate;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String requestUrl() {
        return url;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public List<String> formParameters(String name) {
        return form.getOrDefault(name, List.of());
    }

    @Override
    public List<String> cookies(String name) {
        return cookies.getOrDefault(name, List.of());
    }
}
