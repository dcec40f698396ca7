package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.Test;

/** One signed object, one text: base64url segments spelt any way but the canonical one are refused. */
public class CompactSerializationTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** {@code jws} with its signature's last character changed in bits the decoder drops: the same bytes. */
    public static String nonCanonical(String jws) {
        String signature = jws.substring(jws.lastIndexOf('.') + 1);
        if (signature.length() % 4 == 0) {
            throw new IllegalArgumentException("a signature of a multiple of 3 bytes has no unused bits");
        }
        int last = ALPHABET.indexOf(signature.charAt(signature.length() - 1));
        String changed = jws.substring(0, jws.length() - 1) + ALPHABET.charAt(last | 1);
        String changedSignature = changed.substring(changed.lastIndexOf('.') + 1);
        Base64.Decoder lenient = Base64.getUrlDecoder();
        assertTrue(Arrays.equals(lenient.decode(signature), lenient.decode(changedSignature)), "same bytes");
        assertNotEquals(jws, changed);
        return changed;
    }

    @Test
    void segmentsAreAcceptedOnlyInTheirCanonicalSpelling() {
        assertTrue(CompactSerialization.isCompactJws("e30.e30.AA"));
        assertTrue(CompactSerialization.isCompactJws("e30.e30."), "an empty signature is refused later, as unsigned");
        assertTrue(CompactSerialization.isCompactJws("e30.e30.AAE"));
        assertTrue(CompactSerialization.isCompactJws("e30.e30.AAAA"));
        assertFalse(CompactSerialization.isCompactJws("e30.e30.AB"), "4 unused bits set");
        assertFalse(CompactSerialization.isCompactJws("e30.e30.AAF"), "2 unused bits set");
        assertFalse(CompactSerialization.isCompactJws("e30.e30.AAAAA"), "one character more than a multiple of four");
        assertFalse(CompactSerialization.isCompactJws("e30.e31.AA"), "the payload's unused bits too");
        assertFalse(CompactSerialization.isCompactJws("e30..AA"));
        assertFalse(CompactSerialization.isCompactJws("e30.e30.AA="));
        assertFalse(CompactSerialization.isCompactJws("e30.e30.AA.AA"));
        assertFalse(CompactSerialization.isCompactJws("e30.e30.A\u0100"));
        for (String s : new String[] {"e30.e30.AA", "e30.e30.AB", "e30.e30.AAF", "e30.e30."}) {
            assertEquals(CompactSerialization.isCompactJws(s),
                    CompactSerialization.isCompactJws(s.getBytes(StandardCharsets.ISO_8859_1)), s);
        }
    }

    @Test
    void aTokenRespeltInItsSignaturesUnusedBitsIsRefused() {
        try (GateFixture f = GateFixture.start(b -> { })) {
            String token = f.minter().sign();
            assertInstanceOf(Outcome.Authenticated.class, f.gate.validate(token));
            Outcome o = f.gate.validate(nonCanonical(token));
            assertEquals(Reason.MALFORMED_TOKEN, assertInstanceOf(Outcome.Rejected.class, o).reason());
        }
    }
}
