package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every header member and every claim the engine reads, sent with every JSON type it must not have, in
 * tokens signed by the trusted issuer: each is a 401 {@code invalid_token} with the malformed reason,
 * never an exception (a {@code kid} that is a number used to be a ClassCastException, a 500), and never
 * a value read in part or wrapped around (a {@code exp} of 2^64 + now used to read as now).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WrongJsonTypesTest {
    private static final String NUMBER = "7";
    private static final String FRACTION = "1.5";
    private static final String STRING = "\"x\"";
    private static final String STRINGS = "[\"x\"]";
    private static final String NUMBERS = "[1]";
    private static final String NULLS = "[null]";
    private static final String OBJECT = "{\"a\":1}";
    private static final String NULL = "null";
    private static final String TRUE = "true";
    private static final String HUGE_INTEGER = "18446744073709551616";
    private static final String INFINITE = "1e400";

    /** The wrong values for each kind of member. */
    private static final Map<String, List<String>> WRONG = Map.of(
            "string", List.of(NUMBER, FRACTION, STRINGS, OBJECT, NULL, TRUE),
            "date", List.of(STRING, STRINGS, OBJECT, NULL, TRUE, HUGE_INTEGER, INFINITE, "-" + HUGE_INTEGER),
            "strings", List.of(NUMBER, FRACTION, NUMBERS, NULLS, OBJECT, NULL, TRUE),
            "array", List.of(NUMBER, STRING, NUMBERS, OBJECT, NULL, TRUE),
            "object", List.of(NUMBER, STRING, STRINGS, NULL, TRUE),
            "boolean", List.of(NUMBER, STRING, STRINGS, OBJECT, NULL));

    private static final Map<String, String> HEADER_MEMBERS = ordered("alg", "string", "kid", "string", "typ", "string",
            "cty", "string", "x5t", "string", "x5t#S256", "string", "jku", "string", "x5u", "string", "crit", "array",
            "x5c", "array", "jwk", "object", "b64", "boolean");

    private static final Map<String, String> CLAIMS = ordered("iss", "string", "sub", "string", "jti", "string", "aud",
            "strings", "exp", "date", "nbf", "date", "iat", "date", "scope", "strings", "scp", "strings", "cnf", "object",
            "groups", "strings", "realm_access", "object");

    private GateFixture f;

    @BeforeAll
    void start() {
        f = GateFixture.start(b -> b.requiredType("at+jwt").roleClaims(List.of("groups", "realm_access.roles")));
    }

    @AfterAll
    void stop() {
        f.close();
    }

    private TokenMinter minter() {
        return f.minter().type("at+jwt");
    }

    @Test
    void theBaselineTokensAreAccepted() {
        // So that the refusals below are about the one member changed, not the rest of the token.
        TokenMinter m = minter();
        assertInstanceOf(Outcome.Authenticated.class, f.validate(m.sign()));
        String header = m.headerJson();
        String payload = m.payloadJson();
        assertInstanceOf(Outcome.Authenticated.class, f.validate(m.signBytes(utf8(header), utf8(payload))));
        assertInstanceOf(Outcome.Authenticated.class,
                f.validate(m.signBytes(utf8(header), utf8(withMember(payload, "realm_access", "{\"roles\":[\"r\"]}")))));
    }

    @Test
    void everyHeaderMemberOfTheWrongTypeIsAMalformedToken() {
        TokenMinter m = minter();
        String payload = m.payloadJson();
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Map.Entry<String, String> member : HEADER_MEMBERS.entrySet()) {
            for (String wrong : WRONG.get(member.getValue())) {
                String header = withMember(m.headerJson(), member.getKey(), wrong);
                cases++;
                expect(Reason.MALFORMED_TOKEN, m.signBytes(utf8(header), utf8(payload)), member.getKey() + "=" + wrong, failures);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(cases > 60, "cases: " + cases);
    }

    @Test
    void everyClaimOfTheWrongTypeIsAMalformedClaim() {
        TokenMinter m = minter();
        String header = m.headerJson();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> claim : CLAIMS.entrySet()) {
            for (String wrong : WRONG.get(claim.getValue())) {
                String payload = withMember(m.payloadJson(), claim.getKey(), wrong);
                expect(Reason.MALFORMED_CLAIM, m.signBytes(utf8(header), utf8(payload)), claim.getKey() + "=" + wrong, failures);
            }
        }
        // Along a dotted role path: realm_access.roles
        for (String wrong : WRONG.get("strings")) {
            String payload = withMember(m.payloadJson(), "realm_access", "{\"roles\":" + wrong + "}");
            expect(Reason.MALFORMED_CLAIM, m.signBytes(utf8(header), utf8(payload)), "realm_access.roles=" + wrong, failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void anExpBeyondSixtyFourBitsIsRefusedNotWrappedAround() {
        TokenMinter m = minter();
        long now = f.clock.instant().getEpochSecond();
        // 2^64 + now + 600: read with Number.longValue() it would be now + 600, a valid token.
        String wrapped = new java.math.BigInteger("18446744073709551616").add(java.math.BigInteger.valueOf(now + 600)).toString();
        String token = m.signBytes(utf8(m.headerJson()), utf8(withMember(m.payloadJson(), "exp", wrapped)));
        assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM), f.validate(token));
    }

    private void expect(Reason reason, String token, String what, List<String> failures) {
        try {
            Outcome o = f.validate(token);
            if (!o.equals(Outcome.rejected(reason))) {
                failures.add(what + " -> " + o);
            }
        } catch (RuntimeException e) {
            failures.add(what + " -> " + e.getClass().getName());
        }
    }

    /** {@code json} (an object) with {@code name} set to the raw JSON {@code value}, first. */
    static String withMember(String json, String name, String value) {
        Map<String, Object> members;
        try {
            members = new LinkedHashMap<>(JsonUtil.parseJson(json));
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalArgumentException(e);
        }
        members.remove(name);
        String rest = JsonUtil.toJson(members);
        return "{\"" + name + "\":" + value + (members.isEmpty() ? "}" : "," + rest.substring(1));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
