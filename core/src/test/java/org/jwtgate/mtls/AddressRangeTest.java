package org.jwtgate.mtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code client-cert-trusted-proxies} entries: literals and CIDR blocks only, never a name. */
class AddressRangeTest {
    @Test
    void matchesAddressesAndBlocks() {
        AddressRange one = AddressRange.parse("10.0.0.5");
        assertTrue(one.contains("10.0.0.5"));
        assertFalse(one.contains("10.0.0.6"));
        AddressRange block = AddressRange.parse("10.1.0.0/16");
        assertTrue(block.contains("10.1.255.3"));
        assertFalse(block.contains("10.2.0.1"));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains("192.0.2.1"));
        assertFalse(AddressRange.parse("0.0.0.0/0").contains("::1"), "an IPv4 range never holds an IPv6 address");
        assertTrue(AddressRange.parse("172.16.0.0/12").contains("172.31.0.1"));
        assertFalse(AddressRange.parse("172.16.0.0/12").contains("172.32.0.1"));
        AddressRange v6 = AddressRange.parse("fd00::/8");
        assertTrue(v6.contains("fd12:3456::1"));
        assertTrue(v6.contains("[fd12:3456::1]"));
        assertTrue(v6.contains("fd12::1%eth0"));
        assertFalse(v6.contains("fe80::1"));
        assertFalse(v6.contains("10.0.0.1"));
        assertTrue(AddressRange.parse("::1").contains("0:0:0:0:0:0:0:1"));
        assertEquals("10.1.0.0/16", block.toString());
    }

    @Test
    void anythingButAnAddressIsNeverInARange() {
        AddressRange all = AddressRange.parse("0.0.0.0/0");
        for (String v : java.util.Arrays.asList(null, "", "localhost", "example.com", "10.0.0", "10.0.0.256", "010.0.0.1",
                "1.2.3.4.5", " 10.0.0.1", "::ffff:10.0.0.1")) {
            assertFalse(all.contains(v), String.valueOf(v));
        }
    }

    @Test
    void refusesNamesMalformedBlocksAndHostBits() {
        for (String v : List.of("", "localhost", "proxy.example.com", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
                "10.0.0.0/8/8", "10.0.0.1/8", "fd00::1/8", "::/129", "10.0.0.0/ 8", "1.2.3", "::ffff:10.0.0.1", "*")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(v), v);
            assertTrue(e.getMessage().contains("'" + v + "'"), e.getMessage());
        }
    }
}
