package org.jwtgate.keys.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DerTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void encodesObjectIdentifiers() {
        assertEquals("06092a864886f70d01010b", hex(Der.oid("1.2.840.113549.1.1.11")));
        assertEquals("0603550403", hex(Der.oid("2.5.4.3")));
        assertEquals("06032b6570", hex(Der.oid("1.3.101.112")));
        assertEquals("06082a8648ce3d040302", hex(Der.oid("1.2.840.10045.4.3.2")));
    }

    @Test
    void encodesLengthsInShortAndLongForm() {
        assertEquals("047f", hex(Der.octetString(new byte[127])).substring(0, 4));
        assertEquals("048180", hex(Der.octetString(new byte[128])).substring(0, 6));
        assertEquals("0481c8", hex(Der.octetString(new byte[200])).substring(0, 6));
        assertEquals("0482012c", hex(Der.octetString(new byte[300])).substring(0, 8));
        assertEquals("0483010000", hex(Der.octetString(new byte[65536])).substring(0, 10));
    }

    @Test
    void encodesIntegersMinimallyWithSign() {
        assertEquals("020100", hex(Der.integer(BigInteger.ZERO)));
        assertEquals("02017f", hex(Der.integer(BigInteger.valueOf(127))));
        assertEquals("02020080", hex(Der.integer(BigInteger.valueOf(128))));
        assertEquals("020102", hex(Der.integer(BigInteger.TWO)));
    }

    @Test
    void encodesTimesAsUtcTimeUntil2049ThenGeneralizedTime() {
        assertEquals("170d3439313233313233353935395a", hex(Der.time(Instant.parse("2049-12-31T23:59:59Z"))));
        assertEquals("180f32303530303130313030303030305a", hex(Der.time(Instant.parse("2050-01-01T00:00:00Z"))));
        assertEquals("180f39393939313233313233353935395a", hex(Der.time(Instant.parse("9999-12-31T23:59:59Z"))));
    }

    @Test
    void encodesTheSmallTypes() {
        assertArrayEquals(new byte[] {0x05, 0x00}, Der.nul());
        assertEquals("0101ff", hex(Der.bool(true)));
        assertEquals("03020780", hex(Der.bitString(new byte[] {(byte) 0x80}, 7)));
        assertEquals("0c0461636d65", hex(Der.utf8String("acme")));
        assertEquals("3000", hex(Der.sequence()));
        assertEquals("a003020102", hex(Der.explicit(0, Der.integer(BigInteger.TWO))));
    }
}
