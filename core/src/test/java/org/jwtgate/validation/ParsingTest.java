package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's own parsing path (JDK base64url, headers of accepted tokens reused) decides as jose4j's would. */
class ParsingTest {

    @Test
    void aKnownHeaderNeverVouchesForAnotherTokensSignature() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCache(false))) {
            String a = f.minter().subject("alice").sign();
            String b = f.minter().subject("bob").sign();
            assertInstanceOf(Outcome.Authenticated.class, f.validate(a));
            assertEquals(a.substring(0, a.indexOf('.')), b.substring(0, b.indexOf('.')), "same header");
            String spliced = b.substring(0, b.lastIndexOf('.')) + a.substring(a.lastIndexOf('.'));
            assertEquals(Outcome.rejected(Reason.BAD_SIGNATURE), f.validate(spliced));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(b));
        }
    }

    @Test
    void headerMembersOfTheWrongTypeAreMalformedNotThrown() {
        try (GateFixture f = GateFixture.start()) {
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(f.minter().header("alg", 5).sign()));
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(f.minter().header("cty", 5).sign()));
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(f.minter().header("cty", "JWT").sign()));
        }
    }

    @Test
    void aSignatureOfImpossibleLengthIsMalformed() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().sign();
            String signature = token.substring(token.lastIndexOf('.') + 1);
            String padded = token + "A".repeat((4 + 1 - signature.length() % 4) % 4); // length % 4 == 1
            assertEquals(1, padded.substring(padded.lastIndexOf('.') + 1).length() % 4);
            // no base64url text of that length spells any bytes (RFC 4648 §3.5): refused before decoding
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(padded));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void claimsNestedTooDeeplyAreMalformedWithOrWithoutCache(boolean cache) {
        try (GateFixture f = GateFixture.start(b -> b.tokenCache(cache))) {
            Object deep = "x";
            for (int i = 0; i < 40; i++) {
                deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
            }
            assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM), f.validate(f.minter().claim("deep", deep).sign()));
            Object fine = "x";
            for (int i = 0; i < 8; i++) {
                fine = Map.of("k", fine);
            }
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().claim("fine", fine).sign()));
        }
    }
}
