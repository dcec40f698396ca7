package org.jwtgate.authentication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP/1.1 requests, no cookies kept (so a Set-Cookie can never be answered). */
final class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Http() {
    }

    static HttpResponse<String> get(URI uri, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        // A hang is a failure, never a stuck build.
        return CLIENT.sendAsync(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).join();
    }
}
