package org.jwtgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalIssuerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalIssuer shared;
    private LocalIssuer issuer;

    @BeforeAll
    static void startShared() {
        shared = LocalIssuer.start();
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @BeforeEach
    void fresh() {
        issuer = shared;
        issuer.reset();
        issuer.resetCounts();
        issuer.publishOnly(issuer.currentKey());
    }

    @AfterEach
    void resetShared() {
        shared.reset();
    }

    private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JwtConsumer consumer(LocalIssuer issuer) {
        HttpsJwks jwks = new HttpsJwks(issuer.jwksUri());
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(jwks))
                .setExpectedIssuer(issuer.issuer())
                .setExpectedAudience("api")
                .setRequireExpirationTime()
                .build();
    }

    private static List<String> publishedKids(LocalIssuer issuer) throws Exception {
        HttpsJwks jwks = new HttpsJwks(issuer.jwksUri());
        return jwks.getJsonWebKeys().stream().map(JsonWebKey::getKeyId).collect(Collectors.toList());
    }

    @Test
    void urlsAreOnLoopbackWithoutTrailingSlash() {
        assertTrue(issuer.issuer().matches("http://127\\.0\\.0\\.1:\\d+"), issuer.issuer());
        assertEquals(issuer.issuer() + "/jwks", issuer.jwksUri());
        assertEquals(issuer.issuer() + "/.well-known/openid-configuration", issuer.discoveryUri());
    }

    @Test
    void discoveryDocumentNamesIssuerAndJwksUri() throws Exception {
        HttpResponse<String> r = get(issuer.discoveryUri());
        assertEquals(200, r.statusCode());
        Map<String, Object> doc = JsonUtil.parseJson(r.body());
        assertEquals(issuer.issuer(), doc.get("issuer"));
        assertEquals(issuer.jwksUri(), doc.get("jwks_uri"));
        assertEquals(List.of("RS256"), doc.get("id_token_signing_alg_values_supported"));
        assertEquals(1, issuer.discoveryRequests());
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void jwksServesPublicKeysAsJson() throws Exception {
        HttpResponse<String> r = get(issuer.jwksUri());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        assertFalse(r.body().contains("\"d\""), "private key leaked");
        assertTrue(r.body().contains(issuer.currentKey().getKeyId()));
        assertFalse(r.headers().firstValue("Cache-Control").isPresent());
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void otherPathsAnswer404() throws Exception {
        assertEquals(404, get(issuer.issuer() + "/nope").statusCode());
        assertEquals(404, get(issuer.issuer() + "/jwks/extra").statusCode());
        assertEquals(0, issuer.jwksRequests());
    }

    @Test
    void mintedTokenVerifiesAgainstJwksFetchedOverHttp() throws Exception {
        String token = issuer.minter().subject("alice").audience("api").sign();
        JwtClaims claims = consumer(issuer).processToClaims(token);
        assertEquals("alice", claims.getSubject());
        assertEquals(issuer.issuer(), claims.getIssuer());
        assertTrue(issuer.jwksRequests() >= 1);
    }

    @Test
    void tokenFromUnpublishedKeyIsRejected() {
        String token = TokenMinter.signedWith(TestKeys.withKid(TestKeys.rsa(), issuer.currentKey().getKeyId()))
                .issuer(issuer.issuer()).audience("api").sign();
        assertThrows(InvalidJwtException.class, () -> consumer(issuer).processToClaims(token));
    }

    @Test
    void rotatePublishesNewKeyNextToOldOne() throws Exception {
        try (LocalIssuer own = LocalIssuer.start()) {
            PublicJsonWebKey old = own.currentKey();
            String oldToken = own.minter().audience("api").sign();
            PublicJsonWebKey next = own.rotate();
            assertSame(next, own.currentKey());
            assertNotEquals(old.getKeyId(), next.getKeyId());
            assertEquals("RS256", next.getAlgorithm());
            assertEquals(List.of(old.getKeyId(), next.getKeyId()), publishedKids(own));
            String newToken = own.minter().audience("api").sign();
            assertEquals(next.getKeyId(), Jwt.header(newToken).get("kid"));
            JwtConsumer consumer = consumer(own);
            consumer.processToClaims(oldToken);
            consumer.processToClaims(newToken);
        }
    }

    @Test
    void rotateKeepsKeyTypeAndDiscoveryListsAlgorithms() throws Exception {
        try (LocalIssuer own = LocalIssuer.start("tenant-ec", TestKeys.ec("P-384"))) {
            PublicJsonWebKey next = own.rotate();
            assertEquals("ES384", next.getAlgorithm());
            own.addKey(TestKeys.ed25519());
            Map<String, Object> doc = JsonUtil.parseJson(get(own.discoveryUri()).body());
            assertEquals(List.of("ES384", "EdDSA"), doc.get("id_token_signing_alg_values_supported"));
        }
    }

    @Test
    void keysCanBeAddedRemovedAndReplaced() throws Exception {
        PublicJsonWebKey current = issuer.currentKey();
        PublicJsonWebKey extra = TestKeys.ec("P-256");
        issuer.addKey(extra);
        assertSame(current, issuer.currentKey());
        assertEquals(List.of(current.getKeyId(), extra.getKeyId()), publishedKids(issuer));
        issuer.removeKey(current.getKeyId());
        assertEquals(List.of(extra.getKeyId()), publishedKids(issuer));
        assertSame(current, issuer.currentKey());
        issuer.publishOnly();
        assertEquals(List.of(), publishedKids(issuer));
    }

    @Test
    void outageAnswers503ForJwksAndDiscoveryAndStillCounts() throws Exception {
        issuer.outage(true);
        assertEquals(503, get(issuer.jwksUri()).statusCode());
        assertEquals(503, get(issuer.discoveryUri()).statusCode());
        assertEquals(1, issuer.jwksRequests());
        assertEquals(1, issuer.discoveryRequests());
        issuer.outage(false);
        assertEquals(200, get(issuer.jwksUri()).statusCode());
        assertEquals(2, issuer.jwksRequests());
        issuer.resetCounts();
        assertEquals(0, issuer.jwksRequests());
        assertEquals(0, issuer.discoveryRequests());
    }

    @Test
    void connectionCloseOutageDropsConnectionWithoutResponse() {
        issuer.outageMode(LocalIssuer.Outage.CONNECTION_CLOSE);
        assertThrows(IOException.class, () -> get(issuer.jwksUri()));
        assertTrue(issuer.jwksRequests() >= 1); // the JDK client may retry an idempotent GET once
    }

    @Test
    void cacheControlHeaderIsServedOnJwks() throws Exception {
        issuer.cacheControl("max-age=60, public");
        assertEquals("max-age=60, public", get(issuer.jwksUri()).headers().firstValue("Cache-Control").orElse(null));
        issuer.cacheControl(null);
        assertFalse(get(issuer.jwksUri()).headers().firstValue("Cache-Control").isPresent());
    }

    @Test
    void rawBodyAndStatusOverridesAreServedAndResetRestoresJwks() throws Exception {
        issuer.rawJwksBody("{\"foo\":1}");
        issuer.jwksStatus(500);
        HttpResponse<String> r = get(issuer.jwksUri());
        assertEquals(500, r.statusCode());
        assertEquals("{\"foo\":1}", r.body());
        issuer.reset();
        r = get(issuer.jwksUri());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("{\"keys\":["));
    }

    @Test
    void hugeBodyHasExactSize() throws Exception {
        int size = 300_000;
        issuer.hugeJwksBody(size);
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer.jwksUri())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(size, r.body().length);
        assertTrue(new String(r.body(), 0, 10, java.nio.charset.StandardCharsets.US_ASCII).startsWith("{\"keys\":[]"));
        assertEquals('}', r.body()[size - 1]);
    }

    @Test
    void delayedResponseTimesOutAShortClientTimeout() {
        issuer.delay(Duration.ofSeconds(10));
        HttpRequest req = HttpRequest.newBuilder(URI.create(issuer.jwksUri())).timeout(Duration.ofMillis(200)).build();
        assertThrows(HttpTimeoutException.class, () -> HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, issuer.jwksRequests());
    }

    @Test
    void slowBodyDoesNotBlockOtherRequestsAndCloseIsPrompt() {
        LocalIssuer own = LocalIssuer.start();
        own.slowJwksBody(1000, Duration.ofMillis(50));
        CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(own.jwksUri())).build(), HttpResponse.BodyHandlers.ofString());
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            assertEquals(200, get(own.discoveryUri()).statusCode());
            own.close();
            assertThrows(Exception.class, slow::join);
        });
    }

    @Test
    void slowBodyIsCompleteWhenClientWaits() throws Exception {
        issuer.slowJwksBody(40, Duration.ofMillis(1));
        HttpResponse<String> r = get(issuer.jwksUri());
        assertEquals(40, r.body().length());
        assertTrue(r.body().startsWith("{\"keys\":[],\"padding\":\""));
        assertTrue(r.body().endsWith("\"}"));
    }

    @Test
    void pathPrefixesSimulateSeveralIssuersOnOneMachine() throws Exception {
        try (LocalIssuer a = LocalIssuer.start("/tenant-a/", TestKeys.rsa());
             LocalIssuer b = LocalIssuer.start("tenant-b")) {
            assertTrue(a.issuer().endsWith("/tenant-a"), a.issuer());
            assertTrue(b.jwksUri().endsWith("/tenant-b/jwks"), b.jwksUri());
            assertEquals(a.issuer(), JsonUtil.parseJson(get(a.discoveryUri()).body()).get("issuer"));
            String tokenA = a.minter().audience("api").sign();
            consumer(a).processToClaims(tokenA);
            assertThrows(InvalidJwtException.class, () -> consumer(b).processToClaims(tokenA));
            assertEquals(404, get(a.issuer().replace("/tenant-a", "") + "/jwks").statusCode());
        }
    }
}
