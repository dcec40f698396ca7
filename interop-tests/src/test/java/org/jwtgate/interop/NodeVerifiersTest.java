package org.jwtgate.interop;

import static org.jwtgate.interop.PublisherServer.ACME;
import static org.jwtgate.interop.PublisherServer.GLOBEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.json.JsonUtil;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.TokenType;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * panva's {@code jose} ({@code jwtVerify} over {@code createRemoteJWKSet}, {@code typ: at+jwt}) and
 * {@code oauth4webapi} ({@code validateJwtAccessToken}, RFC 9068) on Node 20+ verify jwtgate's tokens
 * through the JwksServlet. The packages come from the committed package.json and package-lock.json,
 * installed with {@code npm ci} below target/ (its cache too). Skipped with one line without node 20+ and npm.
 */
class NodeVerifiersTest {
    private static final String API = "orders-api";
    private static final List<KeyType> TYPES = List.of(KeyType.RSA_2048, KeyType.EC_P256, KeyType.EC_P384, KeyType.ED25519);

    @TempDir
    static Path keys;
    private static PublisherServer server;
    private static Path dir;

    @BeforeAll
    static void install() throws Exception {
        String version = run(Path.of("."), 30, "node", "--version").orElse("");
        if (!version.matches("v(2\\d|[3-9]\\d)\\..*") || run(Path.of("."), 30, "npm", "--version").isEmpty()) {
            System.out.println("Node verifier tests SKIPPED: no node 20+ and npm on the PATH");
            Assumptions.abort("no node 20+ and npm");
        }
        dir = Path.of("target", "node-verifiers").toAbsolutePath();
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json", "verify.mjs")) {
            Files.copy(Path.of("src/test/node", f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(dir.resolve("node_modules/jose")) || !Files.isDirectory(dir.resolve("node_modules/oauth4webapi"))) {
            run(dir, 300, "npm", "ci", "--no-audit", "--no-fund", "--cache", dir.resolve(".npm-cache").toString())
                    .orElseThrow(() -> new IllegalStateException("npm ci failed in " + dir));
        }
        server = new PublisherServer(keys, TYPES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Runs a command; its output when it exits 0 within the timeout. */
    private static java.util.Optional<String> run(Path cwd, int seconds, String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return java.util.Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                System.out.println(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(text.strip());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static Map<String, Object> testCase(String name, String token, KeyType type) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("token", token);
        c.put("issuer", server.issuer(type, ACME));
        c.put("jwksUri", server.jwksUri(type, ACME));
        c.put("audience", API);
        return c;
    }

    private static String token(KeyType type, TenantId tenant, TokenType tokenType) {
        Map<String, Object> claims = new LinkedHashMap<>(Map.of("sub", "alice", "aud", API));
        if (tokenType == TokenType.ACCESS_TOKEN) {
            claims.put("client_id", "orders-ui");
        }
        return server.publisher(type).signer().sign(tenant, tokenType, claims);
    }

    @Test
    void joseAndOauth4webapiAcceptEveryKeyTypeAndRefuseAnotherTenantAndPlainJwts() throws Exception {
        List<Map<String, Object>> cases = new ArrayList<>();
        for (KeyType type : TYPES) {
            Map<String, Object> acme = testCase(type + " acme", token(type, ACME, TokenType.ACCESS_TOKEN), type);
            acme.put("discover", true);
            cases.add(acme);
            cases.add(testCase(type + " globex", token(type, GLOBEX, TokenType.ACCESS_TOKEN), type));
            cases.add(testCase(type + " plain", token(type, ACME, TokenType.JWT), type));
        }
        Path input = dir.resolve("cases.json");
        Files.writeString(input, JsonUtil.toJson(Map.of("cases", cases)));
        String out = run(dir, 120, "node", "verify.mjs", input.toString())
                .orElseThrow(() -> new AssertionError("node verify.mjs failed"));
        Map<String, Object> results = JsonUtil.parseJson(out);
        System.out.println("Node verifiers: " + out);
        for (KeyType type : TYPES) {
            @SuppressWarnings("unchecked")
            Map<String, String> ok = (Map<String, String>) results.get(type + " acme");
            assertEquals("ok alice", ok.get("jose"), type + ": " + ok);
            assertEquals("ok alice", ok.get("oauth4webapi"), type + ": " + ok);
            assertEquals("ok alice", ok.get("discovery oidc"), "issuer → openid-configuration → keys: " + ok);
            // RFC 8414 §3 path insertion: /.well-known/oauth-authorization-server/<context>/t/acme is outside the
            // publisher's servlet, which serves the document appended to the issuer instead (README, Metadata)
            assertTrue(ok.get("discovery oauth2").startsWith("error"), ok.toString());
            @SuppressWarnings("unchecked")
            Map<String, String> other = (Map<String, String>) results.get(type + " globex");
            assertTrue(other.get("jose").startsWith("error") && other.get("oauth4webapi").startsWith("error"), other.toString());
            @SuppressWarnings("unchecked")
            Map<String, String> plain = (Map<String, String>) results.get(type + " plain");
            assertTrue(plain.get("jose").startsWith("error") && plain.get("oauth4webapi").startsWith("error"),
                    "typ JWT without client_id is no RFC 9068 token: " + plain);
        }
    }
}
