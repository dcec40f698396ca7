package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.jwtgate.validation.WrongJsonTypesTest.utf8;
import static org.jwtgate.validation.WrongJsonTypesTest.withMember;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

/**
 * Signed tokens that no real issuer sends: text that is not UTF-8 (RFC 8259 §8.1) or holds unpaired
 * surrogates (§8.2), which two parsers read differently; and an {@code exp} centuries ahead
 * ({@code max-token-lifetime}).
 */
class StrictTextAndLifetimeTest {

    @Test
    void aPayloadThatIsNotUtf8IsRefusedEvenWhenSigned() {
        try (GateFixture f = GateFixture.start()) {
            TokenMinter m = f.minter();
            byte[] header = utf8(m.headerJson());
            assertInstanceOf(Outcome.Authenticated.class, f.validate(m.signBytes(header, utf8(m.payloadJson()))));
            for (byte[] bad : new byte[][] {
                    {(byte) 0xC3, 0x28}, // a lead byte without its continuation
                    {(byte) 0xC0, (byte) 0xAF}, // an overlong '/'
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate encoded in UTF-8 (CESU)
                    {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
                    {(byte) 0xFF}}) {
                byte[] payload = withBytesInSub(m.payloadJson(), bad);
                assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(m.signBytes(header, payload)),
                        "payload with " + java.util.HexFormat.of().formatHex(bad));
            }
        }
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefused() {
        try (GateFixture f = GateFixture.start()) {
            TokenMinter m = f.minter();
            String json = m.headerJson();
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            header.writeBytes(utf8(json.substring(0, json.length() - 1) + ",\"x\":\""));
            header.writeBytes(new byte[] {(byte) 0xC3, 0x28});
            header.writeBytes(utf8("\"}"));
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN),
                    f.validate(m.signBytes(header.toByteArray(), utf8(m.payloadJson()))));
        }
    }

    @Test
    void unpairedSurrogatesInEscapesAreRefusedAndRealNonAsciiTextIsAccepted() {
        try (GateFixture f = GateFixture.start()) {
            TokenMinter m = f.minter();
            byte[] header = utf8(m.headerJson());
            assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM),
                    f.validate(m.signBytes(header, utf8(withMember(m.payloadJson(), "sub", "\"al\\ud800ice\"")))));
            assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM),
                    f.validate(m.signBytes(header, utf8(withMember(m.payloadJson(), "name\\udc00", "\"x\"")))));
            assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM),
                    f.validate(m.signBytes(header, utf8(withMember(m.payloadJson(), "deep", "[[\"\\udbff\"]]")))));
            String zoe = "zo\u00eb \ud83d\ude00"; // ë and an emoji (a surrogate pair), sent as UTF-8 bytes
            Outcome ok = f.validate(m.signBytes(header, withMember(m.payloadJson(), "sub", "\"" + zoe + "\"")
                    .getBytes(StandardCharsets.UTF_8)));
            assertEquals(zoe, assertInstanceOf(Outcome.Authenticated.class, ok).principal().getName());
            Outcome escaped = f.validate(m.signBytes(header, utf8(withMember(m.payloadJson(), "sub", "\"\\ud83d\\ude00\""))));
            assertEquals("\ud83d\ude00", assertInstanceOf(Outcome.Authenticated.class, escaped).principal().getName());
        }
    }

    @Test
    void anExpFurtherThanTheMaxLifetimeFromNowIsRefused() {
        try (GateFixture f = GateFixture.start()) {
            Instant now = f.clock.instant();
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().expiresAt(now.plus(Duration.ofHours(24))).sign()));
            // the clock skew (60 s) is tolerated, as for exp itself
            assertInstanceOf(Outcome.Authenticated.class,
                    f.validate(f.minter().expiresAt(now.plus(Duration.ofHours(24)).plusSeconds(60)).sign()));
            assertEquals(Outcome.rejected(Reason.LIFETIME_TOO_LONG),
                    f.validate(f.minter().expiresAt(now.plus(Duration.ofHours(24)).plusSeconds(61)).sign()));
            assertEquals(Outcome.rejected(Reason.LIFETIME_TOO_LONG),
                    f.validate(f.minter().expiresAt(now.plus(Duration.ofDays(365 * 300))).sign()));
        }
    }

    @Test
    void anExpFurtherThanTheMaxLifetimeFromIatIsRefused() {
        try (GateFixture f = GateFixture.start()) {
            Instant now = f.clock.instant();
            // exp is 2 h from now, but the token was made to live 26 h
            String token = f.minter().issuedAt(now.minus(Duration.ofHours(24))).expiresAt(now.plus(Duration.ofHours(2))).sign();
            assertEquals(Outcome.rejected(Reason.LIFETIME_TOO_LONG), f.validate(token));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(
                    f.minter().issuedAt(now.minus(Duration.ofHours(22))).expiresAt(now.plus(Duration.ofHours(2))).sign()));
        }
    }

    @Test
    void theLifetimeIsConfigurableAndUnlimitedIsTheNamedOptOut() {
        Instant far = Instant.now().plus(Duration.ofDays(365 * 300));
        try (GateFixture f = GateFixture.start(b -> b.maxTokenLifetime(null))) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().expiresAt(far).sign()));
        }
        try (GateFixture f = GateFixture.start(b -> b.maxTokenLifetime(Duration.ofMinutes(10)))) {
            assertEquals(Outcome.rejected(Reason.LIFETIME_TOO_LONG),
                    f.validate(f.minter().expiresAt(f.clock.instant().plus(Duration.ofMinutes(20))).sign()));
        }
        Map<String, String> base = Map.of("issuers", "https://idp.example.com", "audiences", "api");
        assertEquals(Optional.of(Duration.ofHours(24)), parse(base, null).maxTokenLifetime());
        assertEquals(Optional.empty(), parse(base, "unlimited").maxTokenLifetime());
        assertEquals(Optional.of(Duration.ofHours(12)), parse(base, "12h").maxTokenLifetime());
        ConfigException e = assertThrows(ConfigException.class, () -> parse(base, "10s"));
        assertEquals(Parameters.MAX_TOKEN_LIFETIME, e.parameter());
        assertThrows(ConfigException.class, () -> parse(base, "forever"));
    }

    private static GateConfig parse(Map<String, String> base, String lifetime) {
        Map<String, String> values = new java.util.HashMap<>(base);
        if (lifetime != null) {
            values.put(Parameters.MAX_TOKEN_LIFETIME, lifetime);
        }
        return Parameters.parse(values, Placeholders.system()).build();
    }

    private static byte[] withBytesInSub(String payloadJson, byte[] bad) {
        String marked = withMember(payloadJson, "sub", "\"al@@ice\"");
        int at = marked.indexOf("@@");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(marked.substring(0, at)));
        out.writeBytes(bad);
        out.writeBytes(utf8(marked.substring(at + 2)));
        return out.toByteArray();
    }
}
