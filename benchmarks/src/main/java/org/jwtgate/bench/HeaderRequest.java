package org.jwtgate.bench;

import java.util.List;
import org.jwtgate.token.BearerRequest;

/** A benchmark's request: GET of one URL with an {@code Authorization} header and, for DPoP, one proof. */
final class HeaderRequest implements BearerRequest {
    private static final String URL = "http://127.0.0.1:8080/api/orders";

    private final List<String> authorization;
    private final List<String> proof;

    private HeaderRequest(String authorization, String proof) {
        this.authorization = List.of(authorization);
        this.proof = proof == null ? List.of() : List.of(proof);
    }

    /** {@code Authorization: Bearer <token>}. */
    static BearerRequest bearer(String token) {
        return new HeaderRequest("Bearer " + token, null);
    }

    /** {@code authorization} as sent, with {@code proof} (none when null) as the DPoP header. */
    static BearerRequest of(String authorization, String proof) {
        return new HeaderRequest(authorization, proof);
    }

    @Override
    public List<String> headers(String name) {
        return name.equalsIgnoreCase("Authorization") ? authorization : name.equalsIgnoreCase("DPoP") ? proof : List.of();
    }

    @Override
    public List<String> queryParameters(String name) {
        return List.of();
    }

    @Override
    public List<String> formParameters(String name) {
        return List.of();
    }

    @Override
    public List<String> cookies(String name) {
        return List.of();
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String requestUrl() {
        return URL;
    }
}
