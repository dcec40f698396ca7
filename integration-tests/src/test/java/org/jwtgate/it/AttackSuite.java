package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.config.Parameters;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attack catalogue, end to end through the deployed sample WAR on one container (its own JVM), with
 * {@code required-type=at+jwt} and logging at its most verbose. Every case asserts the exact status
 * and {@code WWW-Authenticate}, that the response never echoes the token or a claim, that
 * {@code error_description} stays in the RFC 6750 charset and that nothing answers 500. Finally the
 * container's whole log is searched for tokens, signatures and private key material.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AttackSuite {
    private static final String AUDIENCE = "sample-api";
    private static final String REALM = "Bearer realm=\"sample\"";

    // HTTP/1.1: over plain HTTP the JDK client would otherwise ask for an h2c upgrade, which Payara
    // accepts; after the oversized-header cases Payara resets the stream and then refuses every later
    // request on that HTTP/2 connection with 431, before jwtgate runs.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> secrets = new ArrayList<>();
    private final Map<String, Integer> cases = new LinkedHashMap<>();
    private LocalIssuer idp;
    private LocalIssuer ecIdp;
    private LocalIssuer idpB;
    private LocalIssuer attacker;
    private LocalIssuer crossOrigin;
    private final Map<String, LocalIssuer> hostile = new LinkedHashMap<>();
    private Container container;
    private Path dataDir;
    private MtlsGroup mtls;

    /** The container the WAR runs in. */
    abstract Container.Kind kind();

    @BeforeAll
    void start() throws Exception {
        idp = LocalIssuer.start("realms/main", TestKeys.rsa());
        ecIdp = LocalIssuer.start("realms/ec", TestKeys.ec("P-256"));
        ecIdp.cacheControl("max-age=1"); // so that a removed key leaves the cache within the rotation case
        idpB = LocalIssuer.start("realms/b", TestKeys.rsa());
        attacker = LocalIssuer.start("attacker", TestKeys.rsa());
        for (String name : List.of("huge", "trickle", "redirect", "invalid-json", "wrong-member", "duplicate-kids",
                "private-members", "weak-rsa", "text-plain", "error-500", "enc-only")) {
            hostile.put(name, LocalIssuer.start("hostile/" + name, TestKeys.rsa()));
        }
        hostile.get("huge").hugeJwksBody(10 * 1024 * 1024);
        hostile.get("trickle").slowJwksBody(4096, Duration.ofSeconds(1));
        hostile.get("redirect").redirectJwks(attacker.jwksUri());
        hostile.get("invalid-json").rawJwksBody("{\"keys\":[{\"kty\":\"RSA\",");
        PublicJsonWebKey wm = hostile.get("wrong-member").currentKey();
        hostile.get("wrong-member").rawJwksBody("{\"Keys\":[" + wm.toJson(OutputControlLevel.PUBLIC_ONLY) + "]}");
        PublicJsonWebKey dup = hostile.get("duplicate-kids").currentKey();
        hostile.get("duplicate-kids").addKey(TestKeys.withKid(TestKeys.rsa(), dup.getKeyId()));
        PublicJsonWebKey leaked = hostile.get("private-members").currentKey();
        hostile.get("private-members").rawJwksBody("{\"keys\":[" + leaked.toJson(OutputControlLevel.INCLUDE_PRIVATE) + "]}");
        hostile.get("weak-rsa").rotate(TestKeys.rsaWeak1024());
        hostile.get("text-plain").jwksContentType("text/plain");
        hostile.get("error-500").jwksStatus(500);
        PublicJsonWebKey enc = TestKeys.rsa();
        enc.setUse("enc");
        hostile.get("enc-only").rotate(enc);
        secrets.add(((java.security.interfaces.RSAPrivateCrtKey) leaked.getPrivateKey()).getPrivateExponent().toString(16));
        secrets.add(b64(((java.security.interfaces.RSAPrivateCrtKey) leaked.getPrivateKey()).getPrivateExponent()));

        // keys found by discovery, whose document names a JWKS on another origin (the attacker's)
        crossOrigin = LocalIssuer.start("cross-origin", TestKeys.rsa());
        crossOrigin.discoveryJwksUri(attacker.jwksUri());
        StringBuilder issuers = new StringBuilder("{PUBLIC_URL}/t/acme {PUBLIC_URL}/t/globex " + crossOrigin.issuer());
        for (LocalIssuer i : allIssuers()) {
            issuers.append(' ').append(i.issuer()).append('|').append(i.jwksUri());
        }
        Path logging = Files.createTempFile("jul-verbose", ".properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n.level=INFO\norg.jwtgate.level=ALL\norg.jose4j.level=ALL\n"
                + "java.util.logging.ConsoleHandler.level=ALL\n");
        dataDir = Files.createTempDirectory("attack-suite-data"); // the tenant group signs with the tenants' keys
        mtls = new MtlsGroup(kind(), this::alice, secrets::add);
        Map<String, String> env = new LinkedHashMap<>(mtls.environment(Files.createTempDirectory("attack-suite-tls")));
        env.putAll(Map.of(
                "JWTGATE_ISSUERS", issuers.toString(),
                "JWTGATE_AUDIENCES", AUDIENCE,
                "JWTGATE_REQUIRED_TYPE", "at+jwt",
                "JWTGATE_JWKS_REFRESH_INTERVAL", "1s",
                "JWTGATE_JWKS_MIN_TTL", "1s",
                // Everything at its most verbose but the container's own HTTP wire log: Jetty's HttpParser
                // and Tomcat's Http11InputBuffer log raw request headers, Authorization included, at
                // DEBUG/FINE (see STYLE.md); JUL's root stays at INFO, jwtgate's and jose4j's loggers at ALL
                // (jose4j through the WAR's SLF4J -> JUL provider).
                "JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + logging
                        + " -Dorg.slf4j.simpleLogger.defaultLogLevel=trace"
                        + " -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=info"));
        container = Container.start(kind(), env, dataDir);
    }

    private List<LocalIssuer> allIssuers() {
        List<LocalIssuer> all = new ArrayList<>(List.of(idp, ecIdp, idpB));
        all.addAll(hostile.values());
        return all;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            String log = container.output();
            for (String secret : secrets) {
                assertFalse(log.contains(secret), "the container log shows a secret: " + secret.substring(0, 12) + "…");
            }
            System.out.println("attack cases per group: " + cases);
        } finally {
            container.close();
            for (LocalIssuer i : allIssuers()) {
                i.close();
            }
            attacker.close();
            crossOrigin.close();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private TokenMinter minter(LocalIssuer issuer) {
        return issuer.minter().audience(AUDIENCE).subject("alice").type("at+jwt").groups("staff");
    }

    private TokenMinter alice() {
        return minter(idp);
    }

    private HttpResponse<String> call(String group, String path, String... headers) throws Exception {
        cases.merge(group, 1, Integer::sum);
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(500, r.statusCode(), path + " " + r.body());
        for (String h : r.headers().allValues("WWW-Authenticate")) {
            assertTrue(h.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), h);
        }
        return r;
    }

    private HttpResponse<String> token(String group, String token) throws Exception {
        HttpResponse<String> r = call(group, "/api/whoami", "Authorization", "Bearer " + token);
        if (token.length() > 20) {
            String sig = token.substring(token.lastIndexOf('.') + 1);
            assertFalse(r.body().contains(token) || (sig.length() > 10 && r.body().contains(sig)), "echo");
            assertFalse(r.headers().map().toString().contains(token), "echo in headers");
            secrets.add(token);
        }
        return r;
    }

    private static void refused(HttpResponse<String> r, Reason reason) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        assertEquals(List.of(REALM + ", error=\"" + reason.code().code() + "\", error_description=\"" + reason.description() + "\""),
                r.headers().allValues("WWW-Authenticate"));
    }

    private static void invalidToken(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith(REALM + ", error=\"invalid_token\""),
                r.headers().toString());
    }

    private static void bare(HttpResponse<String> r) {
        assertEquals(401, r.statusCode());
        assertEquals(List.of(REALM), r.headers().allValues("WWW-Authenticate"));
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String b64(BigInteger i) {
        return b64(i.toByteArray());
    }

    // --- extraction ----------------------------------------------------------------------------

    @Test
    void extraction() throws Exception {
        String valid = alice().sign();
        bare(call("extraction", "/api/whoami"));
        for (String scheme : List.of("Basic dXNlcjpwdw==", "Digest username=\"x\"", "Token " + valid, "Bearerx " + valid)) {
            bare(call("extraction", "/api/whoami", "Authorization", scheme));
        }
        assertEquals(200, call("extraction", "/api/whoami", "Authorization", "bearer " + valid).statusCode());
        assertEquals(200, call("extraction", "/api/whoami", "Authorization", "BEARER " + valid).statusCode());
        for (String bad : List.of("Bearer", "Bearer a b", "Bearer a\"b", "Bearer tok,en", "Bearer a@b", "Bearer %41")) {
            refused(call("extraction", "/api/whoami", "Authorization", bad), Reason.MALFORMED_HEADER);
        }
        refused(call("extraction", "/api/whoami", "Authorization", "Bearer " + valid, "Authorization", "Bearer " + valid),
                Reason.MULTIPLE_TOKENS);
        // query and form transports are off in the sample: a query token is no credential at all
        bare(call("extraction", "/api/whoami?access_token=" + valid));
        assertEquals(200, call("extraction", "/api/whoami?access_token=x", "Authorization", "Bearer " + valid).statusCode());
    }

    // --- structure -----------------------------------------------------------------------------

    @Test
    void structure() throws Exception {
        String valid = alice().sign();
        String[] p = valid.split("\\.");
        for (String bad : List.of("abc", p[0] + "." + p[1], valid + ".x", valid + ".x.y", p[0] + "=." + p[1] + "." + p[2],
                valid.replace('-', '+'), valid.replace('_', '/'), b64("[1]") + "." + p[1] + "." + p[2],
                b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + b64("[1,2]") + "." + p[2],
                b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}") + "." + b64("\"str\"") + "." + p[2],
                b64("{\"alg\":\"RS256\",\"alg\":\"none\"}") + "." + p[1] + "." + p[2],
                b64(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}) + "." + p[1] + "." + p[2],
                p[0] + "." + b64(new byte[] {(byte) 0xFE, (byte) 0xFF}) + "." + p[2],
                "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d")) {
            invalidToken(token("structure", bad));
        }
        String jsonSerialization = "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}";
        refused(call("structure", "/api/whoami", "Authorization", "Bearer " + jsonSerialization), Reason.MALFORMED_HEADER);
        refused(token("structure", alice().header("crit", List.of("exp")).header("exp", 1).sign()),
                Reason.UNSUPPORTED_CRITICAL_HEADER);
        // 2,000 levels of JSON: still within the containers' 8 KB header limit, so jwtgate itself answers
        String deep = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}") + "." + p[2];
        invalidToken(token("structure", deep));
        // far beyond the container's header limit: the container answers (Jetty 431, Tomcat 400), never a 500
        HttpResponse<String> huge = token("structure", alice().claim("pad", "x".repeat(40_000)).sign());
        assertTrue(huge.statusCode() == 431 || huge.statusCode() == 400 || huge.statusCode() == 401, huge.statusCode() + "");
    }

    // --- algorithms and signatures -------------------------------------------------------------

    @Test
    void algorithmsAndSignatures() throws Exception {
        String valid = alice().sign();
        String[] p = valid.split("\\.");
        for (String alg : List.of("none", "None", "NONE", "nOnE")) {
            String header = b64("{\"alg\":\"" + alg + "\",\"typ\":\"at+jwt\",\"kid\":\"" + idp.currentKey().getKeyId() + "\"}");
            refused(token("algorithms", header + "." + p[1] + "."), Reason.ALGORITHM_NOT_ALLOWED);
            refused(token("algorithms", header + "." + p[1] + "." + p[2]), Reason.ALGORITHM_NOT_ALLOWED);
        }
        invalidToken(token("algorithms", p[0] + "." + p[1] + "."));
        refused(token("algorithms", TokenMinter.truncateSignature(valid)), Reason.BAD_SIGNATURE);
        refused(token("algorithms", TokenMinter.flipSignatureBit(valid)), Reason.BAD_SIGNATURE);
        refused(token("algorithms", TokenMinter.tamperPayload(valid, "groups", List.of("admin"))), Reason.BAD_SIGNATURE);
        PublicJsonWebKey key = idp.currentKey();
        byte[] der = key.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII),
                key.toJson(OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8), new byte[0])) {
            refused(token("algorithms", alice().signedWithHmac(secret)), Reason.ALGORITHM_NOT_ALLOWED);
        }
        // ES256: r = s = 0 in P1363 and in DER, and a valid signature re-encoded as DER
        String es = minter(ecIdp).sign();
        String[] e = es.split("\\.");
        refused(token("algorithms", e[0] + "." + e[1] + "." + b64(new byte[64])), Reason.BAD_SIGNATURE);
        refused(token("algorithms", e[0] + "." + e[1] + "." + b64(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00})),
                Reason.BAD_SIGNATURE);
        byte[] raw = Base64.getUrlDecoder().decode(e[2]);
        invalidToken(token("algorithms", e[0] + "." + e[1] + "." + b64(derOf(raw))));
        assertEquals(200, token("algorithms", es).statusCode());
        refused(token("algorithms", alice().algorithm("PS256").sign()), Reason.UNKNOWN_KEY);
        invalidToken(token("algorithms", minter(ecIdp).algorithm("ES384").sign()));
        refused(token("algorithms", alice().algorithm("RS1").sign()), Reason.ALGORITHM_NOT_ALLOWED);
        refused(token("algorithms", minter(hostile.get("enc-only")).sign()), Reason.UNKNOWN_KEY);
    }

    private static byte[] derOf(byte[] p1363) {
        byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(p1363, 0, 32)).toByteArray();
        byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(p1363, 32, 64)).toByteArray();
        byte[] out = new byte[6 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + r.length + s.length);
        out[2] = 0x02;
        out[3] = (byte) r.length;
        System.arraycopy(r, 0, out, 4, r.length);
        out[4 + r.length] = 0x02;
        out[5 + r.length] = (byte) s.length;
        System.arraycopy(s, 0, out, 6 + r.length, s.length);
        return out;
    }

    // --- key selection -------------------------------------------------------------------------

    @Test
    void keySelection() throws Exception {
        PublicJsonWebKey attackerKey = attacker.currentKey();
        TokenMinter forged = TokenMinter.signedWith(attackerKey).issuer(idp.issuer()).audience(AUDIENCE).subject("mallory")
                .type("at+jwt");
        refused(token("key selection", forged.header("jwk", attackerKey.toParams(OutputControlLevel.PUBLIC_ONLY)).sign()),
                Reason.UNKNOWN_KEY);
        refused(token("key selection", forged.header("jku", attacker.jwksUri()).sign()), Reason.UNKNOWN_KEY);
        refused(token("key selection", forged.header("x5u", attacker.jwksUri()).sign()), Reason.UNKNOWN_KEY);
        refused(token("key selection", forged.header("x5c", List.of(Base64.getEncoder().encodeToString(new byte[64]))).sign()),
                Reason.UNKNOWN_KEY);
        for (String kid : List.of(UUID.randomUUID().toString(), "../../../../etc/passwd", "' OR '1'='1' --", "$(reboot)",
                "`id`", "%00", "a".repeat(2000))) {
            refused(token("key selection", alice().kid(kid).sign()), Reason.UNKNOWN_KEY);
        }
        assertEquals(0, attacker.jwksRequests() + attacker.discoveryRequests(), "no request ever reaches a URL from a token");
    }

    // --- claims --------------------------------------------------------------------------------

    @Test
    void claims() throws Exception {
        refused(token("claims", alice().type(null).sign()), Reason.WRONG_TYPE);
        refused(token("claims", alice().type("JWT").sign()), Reason.WRONG_TYPE);
        assertEquals(200, token("claims", alice().type("application/at+jwt").sign()).statusCode());
        // another issuer's token (its own key) on routes that trust only one tenant
        refused(call("claims", "/api/rest/t/acme/orders", "Authorization", "Bearer " + minter(idpB).scope("orders:read").sign()),
                Reason.UNTRUSTED_ISSUER);
        // issuer A's name, issuer B's key
        refused(token("claims", TokenMinter.signedWith(idpB.currentKey()).issuer(idp.issuer()).audience(AUDIENCE)
                .subject("x").type("at+jwt").sign()), Reason.UNKNOWN_KEY);
        for (Object aud : List.<Object>of("sample-api2", "sample", " sample-api", "SAMPLE-API", List.of("x", "sample-api "),
                List.of())) {
            refused(token("claims", alice().claim("aud", aud).sign()), Reason.WRONG_AUDIENCE);
        }
        refused(token("claims", alice().withoutExpiry().sign()), Reason.MISSING_CLAIM);
        refused(token("claims", alice().claim("exp", "tomorrow").sign()), Reason.MALFORMED_CLAIM);
        invalidToken(token("claims", alice().claim("exp", new BigInteger("99999999999999999999999")).sign()));
        refused(token("claims", alice().notBefore(Instant.now().plusSeconds(3600)).expiresAt(Instant.now().plusSeconds(7200))
                .sign()), Reason.NOT_YET_VALID);
        // a nested JWT (cty JWT) whose inner token is unsigned, wrapped in a valid outer signature
        String inner = alice().unsigned();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"cty\":\"JWT\",\"kid\":\""
                + idp.currentKey().getKeyId() + "\"}");
        refused(token("claims", signRs256(idp.currentKey(), header, b64(inner))), Reason.MALFORMED_TOKEN);
    }

    private static String signRs256(PublicJsonWebKey key, String header, String payload) throws Exception {
        java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivateKey());
        s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64(s.sign());
    }

    // --- rotation ------------------------------------------------------------------------------

    @Test
    void rotation() throws Exception {
        LocalIssuer r = ecIdp;
        PublicJsonWebKey first = r.currentKey();
        String byFirst = minter(r).sign();
        assertEquals(200, token("rotation", byFirst).statusCode());
        r.rotate(); // first is now retired but still published
        assertEquals(200, token("rotation", byFirst).statusCode(), "a retired, still published key passes");
        PublicJsonWebKey pending = TestKeys.ec("P-256");
        r.addKey(pending); // published, not yet signing
        String byPending = TokenMinter.signedWith(pending).issuer(r.issuer()).audience(AUDIENCE).subject("p").type("at+jwt").sign();
        HttpResponse<String> pend = poll(byPending, 200);
        assertEquals(200, pend.statusCode(), "a pending, published key passes");
        r.removeKey(first.getKeyId());
        assertEquals(401, poll(byFirst, 401).statusCode(), "a removed key fails once the cache has refreshed");
    }

    private HttpResponse<String> poll(String token, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> last;
        do {
            last = token("rotation", token);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200); // the container's real clock: refresh interval and TTL of 1 s must pass
        } while (System.nanoTime() < deadline);
        return last;
    }

    // --- hostile issuers -----------------------------------------------------------------------

    @Test
    void hostileIssuers() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("huge", 503);
        expected.put("trickle", 503);
        expected.put("redirect", 503);
        expected.put("invalid-json", 503);
        expected.put("wrong-member", 503);
        expected.put("error-500", 503);
        expected.put("weak-rsa", 401);
        expected.put("text-plain", 200);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = token("hostile issuer", minter(hostile.get(e.getKey())).sign());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(e.getValue().intValue(), r.statusCode(), e.getKey() + ": " + r.body());
            assertTrue(ms < 10_000, e.getKey() + " took " + ms + " ms (timeouts are 2 s + 2 s)");
        }
        assertEquals(0, attacker.jwksRequests(), "the redirect is not followed");
        // duplicate kids: the token is checked against the issuer's keys only; never a 500
        int dup = token("hostile issuer", minter(hostile.get("duplicate-kids")).sign()).statusCode();
        assertTrue(dup == 200 || dup == 401, "duplicate kids: " + dup);
        // a JWK Set that leaks its private members still only ever verifies with the public key
        assertEquals(200, token("hostile issuer", minter(hostile.get("private-members")).sign()).statusCode());
        String log = container.output();
        for (String line : List.of("jwks-max-response-size", "did not finish its response within the read timeout",
                "answered HTTP 302 instead of 200", "is not valid JSON", "it has no \"keys\" array", "answered HTTP 500",
                "only public signature keys", "publishes private key members", "reusing another key's kid",
                "is served as 'text/plain'")) {
            assertTrue(log.contains(line), "log line: " + line);
        }
    }

    // --- tenant-bound routes -------------------------------------------------------------------

    private static final String UNKNOWN_TENANT = "{\"error\":\"not_found\",\"error_description\":\"The request names no known tenant\"}";

    /**
     * A token of the sample's own tenant, signed with the tenant's key as the sample's JWKS servlet
     * keeps it (demo tokens are off in this suite): read from the container's data directory
     * ({@code keys/<tenant>.p12}, alias {@code k<activeFrom>.<hex of kid>}), one key per tenant.
     */
    private String tenantToken(String tenant, String roles, String scope) throws Exception {
        char[] password = Container.KEY_PASSWORD.toCharArray();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(dataDir.resolve("keys").resolve(tenant + ".p12"))) {
            ks.load(in, password);
        }
        String alias = java.util.Collections.list(ks.aliases()).stream().filter(a -> a.startsWith("k")).findFirst().orElseThrow();
        PublicJsonWebKey key = PublicJsonWebKey.Factory.newPublicJwk(ks.getCertificate(alias).getPublicKey());
        key.setPrivateKey((java.security.PrivateKey) ks.getKey(alias, password));
        key.setKeyId(new String(java.util.HexFormat.of().parseHex(alias.substring(alias.indexOf('.') + 1)), StandardCharsets.UTF_8));
        String token = TokenMinter.signedWith(key).issuer(container.base() + "/t/" + tenant).audience(AUDIENCE)
                .subject(tenant + "-user").type("at+jwt").groups(roles).scope(scope).sign();
        secrets.add(token);
        return token;
    }

    private final Map<String, Integer> tenantAnswers = new java.util.TreeMap<>();

    private HttpResponse<String> tenantCall(String path, String token) throws Exception {
        HttpResponse<String> r = token == null ? call("tenant", path) : call("tenant", path, "Authorization", "Bearer " + token);
        String answer = r.statusCode() + (r.body().equals(UNKNOWN_TENANT) ? " unknown tenant"
                : r.headers().firstValue("WWW-Authenticate").map(h -> h.contains("error=") ? " invalid_token" : " challenge")
                        .orElse(r.statusCode() == 200 ? "" : " from the container"));
        tenantAnswers.merge(answer, 1, Integer::sum);
        return r;
    }

    /** jwtgate's 404 for a request naming no known tenant: no challenge, never the resource. */
    private static void unknownTenant(HttpResponse<String> r, String what) {
        assertEquals(404, r.statusCode(), what + ": " + r.body());
        assertEquals(UNKNOWN_TENANT, r.body(), what);
        assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty(), what);
    }

    /** jwtgate's 404, or the container's 400 for a URI that Servlet 6 calls ambiguous: never the resource. */
    private static void unknownTenantOrBadUri(HttpResponse<String> r, String what) {
        if (r.statusCode() != 400) {
            unknownTenant(r, what);
        }
    }

    @Test
    void tenantBoundRoutes() throws Exception {
        String acme = tenantToken("acme", "admin", "orders:read");
        String globex = tenantToken("globex", "admin", "orders:read");
        // each tenant's token on its own routes
        assertEquals(200, tenantCall("/api/rest/t/acme/orders", acme).statusCode());
        assertEquals(200, tenantCall("/api/rest/t/acme/orders/admin", acme).statusCode());
        assertEquals(200, tenantCall("/api/rest/t/globex/orders", globex).statusCode());
        // and on the other tenant's: the issuer is not that tenant's
        for (String path : List.of("/api/rest/t/globex/orders", "/api/rest/t/globex/orders/admin")) {
            refused(tenantCall(path, acme), Reason.UNTRUSTED_ISSUER);
        }
        refused(tenantCall("/api/rest/t/acme/orders/admin", globex), Reason.UNTRUSTED_ISSUER);
        // the other tenant named in another spelling: jwtgate reads no tenant there (case, percent-encoding,
        // white space, trailing dot, ;parameters), whatever the token, and without one
        List<String> spellings = List.of("GLOBEX", "Globex", "gLobex", "glob%65x", "%67lobex", "globe%78", "%47LOBEX",
                "globex%20", "%20globex", "globex%09", "globex.", "globex%2E", "globex;x=1", "globex;jsessionid=0",
                "globex;", "-globex", "a".repeat(64));
        for (String tenant : spellings) {
            for (String tail : List.of("/orders", "/orders/admin")) {
                String path = "/api/rest/t/" + tenant + tail;
                for (String token : new String[] {acme, globex, null}) {
                    unknownTenantOrBadUri(tenantCall(path, token), path);
                }
            }
        }
        // well-formed tenants that are not the sample's: 404 without a lookup
        for (String tenant : List.of("initech", "globex-", "acme-globex", "nobody")) {
            for (String token : new String[] {acme, null}) {
                unknownTenant(tenantCall("/api/rest/t/" + tenant + "/orders", token), tenant);
            }
        }
        // the same for acme, with globex's token
        for (String tenant : List.of("ACME", "acm%65", "acme%20", "acme.", "acme;x=1")) {
            unknownTenantOrBadUri(tenantCall("/api/rest/t/" + tenant + "/orders/admin", globex), tenant);
        }
        // empty segments and dot-segments around the tenant: a container may refuse the URI (400); if it
        // lets it through, jwtgate answers 404 (or, where the container resolved it outside the tenant routes, 401)
        for (String path : List.of("/api/rest//t/globex/orders", "/api/rest/t//globex/orders", "//api/rest/t/globex/orders",
                "/api/rest/t/globex//orders/admin", "/api/rest/t/acme/../globex/orders", "/api/rest/t/./globex/orders",
                "/api/rest/t/acme/%2e%2e/globex/orders", "/api/rest/t/globex%2Forders", "/api/rest/t/globex%2F..%2Facme/orders",
                "/api/rest/t/acme/..;/globex/orders", "/api/rest/t", "/api/rest/t/")) {
            for (String token : new String[] {acme, null}) {
                HttpResponse<String> r = tenantCall(path, token);
                int status = r.statusCode();
                assertTrue(status == 400 || status == 401 || status == 404, path + ": " + status + " " + r.body());
            }
        }
        System.out.println("tenant group answers on " + kind() + ": " + tenantAnswers);
    }

    // --- dispatches: an include of a protected resource from a public page (issue 12, finding 7) ------

    /**
     * {@code /status} is public and includes {@code /api/whoami}; the filter, mapped for INCLUDE, checks
     * the include at {@code /api/whoami}. Without a valid token the included servlet does not run and
     * the caller is {@code null} (before the fix it ran anonymously and the caller was its output).
     */
    @Test
    void includeOfAProtectedResource() throws Exception {
        String valid = alice().sign();
        secrets.add(valid);
        Map<String, Object> status = statusJson(call("include", "/status", "Authorization", "Bearer " + valid));
        assertEquals("alice", ((Map<?, ?>) status.get("caller")).get("user"), status.toString());
        List<String> refused = new ArrayList<>(List.of("Basic dXNlcjpwdw==", "Bearer", "Bearer a.b.c",
                "Bearer " + TokenMinter.flipSignatureBit(valid),
                "Bearer " + alice().expiresAt(Instant.now().minusSeconds(3600)).sign(),
                "Bearer " + alice().type("JWT").sign(),
                "Bearer " + minter(attacker).sign(),
                "Bearer " + TokenMinter.signedWith(attacker.currentKey()).issuer(idp.issuer()).audience(AUDIENCE)
                        .subject("mallory").type("at+jwt").sign()));
        for (String authorization : refused) {
            String credential = authorization.substring(authorization.indexOf(' ') + 1);
            if (credential.startsWith("ey")) {
                secrets.add(credential);
            }
            assertNull(statusJson(call("include", "/status", "Authorization", authorization)).get("caller"), authorization);
        }
        for (String path : List.of("/status", "/status?x=1", "/status;x=1")) {
            assertNull(statusJson(call("include", path)).get("caller"), path);
        }
        HttpResponse<String> twice = call("include", "/status", "Authorization", "Bearer " + valid,
                "Authorization", "Bearer " + valid);
        assertNull(statusJson(twice).get("caller"), "two Authorization headers: the include is refused (400)");
    }

    private static Map<String, Object> statusJson(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return org.jose4j.json.JsonUtil.parseJson(r.body());
    }

    // --- the demo token endpoint, off by default (issue 12, finding 9) ------------------------------

    /** The suite's container runs without JWTGATE_DEMO_TOKENS: {@code /demo/token} mints nothing, whatever is asked. */
    @Test
    void demoTokensAreOffByDefault() throws Exception {
        String form = "tenant=acme&subject=mallory&roles=admin&scope=orders%3Aread+orders%3Awrite";
        for (String method : List.of("POST", "GET", "PUT", "DELETE")) {
            for (String path : List.of("/demo/token", "/demo/token?" + form, "/demo/token;x=1")) {
                // a body only where HTTP gives it a meaning: Payara refuses a GET with a body (400) before the WAR
                boolean withBody = method.equals("POST") || method.equals("PUT");
                HttpResponse<String> r = withBody
                        ? send("demo tokens", method, path, form, "Content-Type", "application/x-www-form-urlencoded",
                                "Accept", "text/plain")
                        : send("demo tokens", method, path, null, "Accept", "text/plain");
                assertEquals(404, r.statusCode(), method + " " + path + ": " + r.body());
                assertFalse(r.body().contains("eyJ") || r.body().contains("access_token"), r.body());
            }
        }
    }

    private HttpResponse<String> send(String group, String method, String path, String body, String... headers)
            throws Exception {
        cases.merge(group, 1, Integer::sum);
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(500, r.statusCode(), path + " " + r.body());
        return r;
    }

    /** The mTLS group (RFC 8705, RFC 9440): {@link MtlsGroup}, in this suite's deployment. */
    @Test
    void mtls() throws Exception {
        mtls.run(container).forEach((part, n) -> cases.merge("mtls: " + part, n, Integer::sum));
    }

    // --- DPoP (RFC 9449): the sample's DPoP-only route /dpop/* ---------------------------------

    private static final String DPOP_CHALLENGE = "DPoP realm=\"sample\", algs=\"ES256 ES384 PS256 RS256 EdDSA\"";

    private HttpResponse<String> dpopCall(String token, String... proofs) throws Exception {
        String[] headers = new String[2 + 2 * proofs.length];
        headers[0] = "Authorization";
        headers[1] = "DPoP " + token;
        for (int i = 0; i < proofs.length; i++) {
            headers[2 + 2 * i] = "DPoP";
            headers[3 + 2 * i] = proofs[i];
        }
        HttpResponse<String> r = call("dpop", "/dpop/whoami", headers);
        for (String p : proofs) {
            String sig = p.substring(p.lastIndexOf('.') + 1);
            assertFalse(sig.length() > 10 && (r.body().contains(sig) || r.headers().map().toString().contains(sig)), "echo");
        }
        secrets.add(token);
        return r;
    }

    private String htu() {
        return container.uri("/dpop/whoami").toString();
    }

    private static TokenMinter proof(PublicJsonWebKey key, String method, String htu, String token) {
        return DpopProofs.minter(key, method, htu, token, java.time.Clock.systemUTC());
    }

    private static void dpopRefused(HttpResponse<String> r, Reason reason) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        assertEquals(List.of(DPOP_CHALLENGE + ", error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\""), r.headers().allValues("WWW-Authenticate"), reason.toString());
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
    }

    @Test
    void dpop() throws Exception {
        PublicJsonWebKey client = TestKeys.ec("P-256");
        String token = alice().claim("cnf", DpopProofs.confirmation(client)).sign();
        HttpResponse<String> ok = dpopCall(token, proof(client, "GET", htu(), token).sign());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"authType\":\"DPoP\""), ok.body());
        HttpResponse<String> none = call("dpop", "/dpop/whoami");
        assertEquals(401, none.statusCode());
        assertEquals(List.of(DPOP_CHALLENGE), none.headers().allValues("WWW-Authenticate"));

        dpopRefused(dpopCall(token), Reason.DPOP_PROOF_MISSING);
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).sign(), proof(client, "GET", htu(), token).sign()),
                Reason.DPOP_PROOF_MULTIPLE);
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).signedWithHmac(new byte[32])), Reason.DPOP_PROOF_ALGORITHM);
        HttpResponse<String> unsigned = dpopCall(token, proof(client, "GET", htu(), token).unsigned());
        assertEquals(401, unsigned.statusCode(), unsigned.body());
        assertTrue(unsigned.body().contains("\"error\":\"invalid_dpop_proof\""), unsigned.body());
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).header("jwk", DpopProofs.privateJwk(client)).sign()),
                Reason.DPOP_PROOF_KEY);
        secrets.add(b64(((java.security.interfaces.ECPrivateKey) client.getPrivateKey()).getS()));
        dpopRefused(dpopCall(token, proof(client, "POST", htu(), token).sign()), Reason.DPOP_PROOF_METHOD);
        dpopRefused(dpopCall(token, proof(client, "GET", container.uri("/dpop/other").toString(), token).sign()),
                Reason.DPOP_PROOF_URI);
        dpopRefused(dpopCall(token, proof(client, "GET", htu().replace("127.0.0.1", "evil.example"), token).sign()),
                Reason.DPOP_PROOF_URI);
        String other = alice().claim("cnf", DpopProofs.confirmation(client)).claim("jti", UUID.randomUUID().toString()).sign();
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), other).sign()), Reason.DPOP_PROOF_TOKEN_HASH);
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).issuedAt(Instant.now().minusSeconds(300)).sign()),
                Reason.DPOP_PROOF_STALE);
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).issuedAt(Instant.now().plusSeconds(300)).sign()),
                Reason.DPOP_PROOF_FUTURE);

        String once = proof(client, "GET", htu(), token).sign();
        assertEquals(200, dpopCall(token, once).statusCode());
        dpopRefused(dpopCall(token, once), Reason.DPOP_PROOF_REPLAYED);
        String jti = UUID.randomUUID().toString();
        assertEquals(200, dpopCall(token, proof(client, "GET", htu(), token).claim("jti", jti).sign()).statusCode());
        dpopRefused(dpopCall(token, proof(client, "GET", htu(), token).claim("jti", jti).sign()), Reason.DPOP_PROOF_REPLAYED);

        PublicJsonWebKey thief = TestKeys.ec("P-256");
        dpopRefused(dpopCall(token, proof(thief, "GET", htu(), token).sign()), Reason.DPOP_KEY_MISMATCH);
        String unbound = alice().sign();
        dpopRefused(dpopCall(unbound, proof(client, "GET", htu(), unbound).sign()), Reason.TOKEN_NOT_BOUND);

        dpopRefused(call("dpop", "/dpop/whoami", "Authorization", "Bearer " + token), Reason.DPOP_REQUIRED);
        refused(token("dpop", token), Reason.BOUND_TOKEN_AS_BEARER); // the Bearer-only route refuses a bound token too
    }

    // --- tokens no published key can verify: the kid flood's side doors (issue 12, finding 6) -----

    @Test
    void kidSideDoors() throws Exception {
        int before = idp.jwksRequests();
        long start = System.nanoTime();
        String heldKid = idp.currentKey().getKeyId();
        for (int i = 0; i < 50; i++) {
            refused(token("kid side doors", alice().kid(heldKid).algorithm("ES256").sign()), Reason.UNKNOWN_KEY);
            refused(token("kid side doors", alice().kid(heldKid).algorithm("PS256").sign()), Reason.UNKNOWN_KEY);
            refused(token("kid side doors", alice().withoutKid().algorithm("ES512").sign()), Reason.UNKNOWN_KEY);
        }
        // 150 refusals: no fetch for a held kid, the no-kid ones at most one per refresh interval (1 s here)
        // of however long the flood took (about as many milliseconds on a quiet machine, 15 s on a loaded
        // one); never one per token
        long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
        int fetches = idp.jwksRequests() - before;
        assertTrue(fetches <= 4 + seconds && fetches < 50, "JWKS fetches during the side-door flood: " + fetches + " in " + seconds + " s");
        assertEquals(200, token("kid side doors", alice().sign()).statusCode());
    }

    // --- unknown tenants at the key publisher (issue 12, finding 5) -----------------------------

    @Test
    void unknownTenantsAtThePublisher() throws Exception {
        for (int i = 0; i < 40; i++) {
            assertEquals(404, call("unknown tenant keys", "/t/" + UUID.randomUUID() + "/oauth2/jwks").statusCode());
        }
        for (String tenant : List.of("ACME", "acme%20", "acme.", "acme%00", "..", "acme%2Fx", "a".repeat(300))) {
            int status = call("unknown tenant keys", "/t/" + tenant + "/oauth2/jwks").statusCode();
            assertTrue(status == 404 || status == 400, tenant + ": " + status); // 400: the container refused the URI itself
        }
        assertEquals(200, call("unknown tenant keys", "/t/acme/oauth2/jwks").statusCode());
    }

    // --- where key requests go (issue 12, finding 4) ------------------------------------------

    @Test
    void discoveredJwksOnAnotherOriginIsNeverFetched() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = token("key origins", minter(crossOrigin).sign());
            assertEquals(503, r.statusCode(), r.body());
        }
        assertTrue(crossOrigin.discoveryRequests() >= 1, "the discovery document was read");
        assertEquals(0, attacker.requests(), "the JWKS it names on another origin was never fetched");
        assertTrue(container.output().contains(Parameters.JWKS_ALLOW_CROSS_ORIGIN), "the log names the parameter to set");
    }

    // --- members of the wrong JSON type (issue 12, finding 1) ----------------------------------

    @Test
    void wrongJsonTypes() throws Exception {
        TokenMinter m = alice();
        String header = m.headerJson();
        String payload = m.payloadJson();
        List<String> values = List.of("7", "1.5", "[\"x\"]", "[1]", "{\"a\":1}", "null", "true", "\"x\"");
        for (String member : List.of("alg", "kid", "typ", "cty", "x5t", "crit", "x5c", "jwk", "b64")) {
            for (String v : values) {
                boolean rightType = (v.equals("\"x\"") && !List.of("crit", "x5c", "jwk", "b64").contains(member))
                        || (v.equals("[\"x\"]") && List.of("crit", "x5c").contains(member))
                        || (v.equals("{\"a\":1}") && member.equals("jwk")) || (v.equals("true") && member.equals("b64"));
                if (!rightType) {
                    refused(token("wrong types", m.signBytes(utf8(withMember(header, member, v)), utf8(payload))),
                            Reason.MALFORMED_TOKEN);
                }
            }
        }
        for (String claim : List.of("iss", "sub", "aud", "exp", "nbf", "iat", "scope", "scp", "groups", "realm_access", "cnf")) {
            for (String v : List.of("7", "[1]", "{\"a\":1}", "null", "true", "\"x\"", "18446744073709551616")) {
                boolean rightType = switch (claim) {
                    case "iss", "sub" -> v.equals("\"x\"");
                    case "aud", "scope", "scp", "groups" -> v.equals("\"x\"");
                    case "exp", "nbf", "iat" -> v.equals("7");
                    default -> v.equals("{\"a\":1}"); // realm_access, cnf: objects
                };
                if (!rightType) {
                    refused(token("wrong types", m.signBytes(utf8(header), utf8(withMember(payload, claim, v)))),
                            Reason.MALFORMED_CLAIM);
                }
            }
        }
        String log = container.output();
        assertFalse(log.contains("ClassCastException"), "no exception reaches the log");
    }

    // --- signed but malformed: not UTF-8, lifetimes no issuer sends (issue 12, finding 10) --------

    @Test
    void signedButMalformed() throws Exception {
        TokenMinter m = alice();
        byte[] header = utf8(m.headerJson());
        assertEquals(200, token("signed but malformed", m.signBytes(header, utf8(m.payloadJson()))).statusCode());
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF})) {
            String marked = withMember(m.payloadJson(), "sub", "\"al@@ice\"");
            int at = marked.indexOf("@@");
            java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
            payload.writeBytes(utf8(marked.substring(0, at)));
            payload.writeBytes(bad);
            payload.writeBytes(utf8(marked.substring(at + 2)));
            refused(token("signed but malformed", m.signBytes(header, payload.toByteArray())), Reason.MALFORMED_TOKEN);
        }
        refused(token("signed but malformed", m.signBytes(header, utf8(withMember(m.payloadJson(), "sub", "\"\\ud800\"")))),
                Reason.MALFORMED_CLAIM);
        Instant now = Instant.now();
        refused(token("signed but malformed", alice().expiresAt(now.plus(Duration.ofDays(365 * 500))).sign()),
                Reason.LIFETIME_TOO_LONG);
        refused(token("signed but malformed", alice().expiresAt(now.plus(Duration.ofHours(25))).sign()),
                Reason.LIFETIME_TOO_LONG);
        refused(token("signed but malformed", alice().issuedAt(now.minus(Duration.ofHours(30))).expiresAt(now.plusSeconds(600))
                .sign()), Reason.LIFETIME_TOO_LONG);
        assertEquals(200, token("signed but malformed", alice().expiresAt(now.plus(Duration.ofHours(23))).sign()).statusCode());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code json} (an object) with {@code name} set to the raw JSON {@code value}. */
    private static String withMember(String json, String name, String value) {
        Map<String, Object> members;
        try {
            members = new LinkedHashMap<>(org.jose4j.json.JsonUtil.parseJson(json));
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalArgumentException(e);
        }
        members.remove(name);
        String rest = org.jose4j.json.JsonUtil.toJson(members);
        return "{\"" + name + "\":" + value + (members.isEmpty() ? "}" : "," + rest.substring(1));
    }
}
