package org.jwtgate.mtls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}): one entry of
 * {@code client-cert-trusted-proxies}. Only literals are accepted, so nothing is ever looked up in DNS;
 * an IPv4 range never matches an IPv6 address (nor an IPv4-mapped one, which a container reports as IPv4).
 */
public final class AddressRange {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private AddressRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException when it is not an address literal, or the prefix is out of range
     *     or leaves host bits set
     */
    public static AddressRange parse(String value) {
        int slash = value.indexOf('/');
        byte[] address = literal(slash < 0 ? value : value.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + value + "' is not an IPv4 or IPv6 address or CIDR block");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = value.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("'" + value + "' has a prefix length outside 0-" + bits);
            }
            prefix = Integer.parseInt(p);
        }
        byte[] masked = mask(address, prefix);
        if (!Arrays.equals(masked, address)) {
            throw new IllegalArgumentException("'" + value + "' has host bits set after the prefix length");
        }
        return new AddressRange(masked, prefix, value);
    }

    /** Whether {@code address} (an IP literal as a container reports it) is in this range; false for anything else. */
    public boolean contains(String address) {
        byte[] a = address == null ? null : literal(address);
        return a != null && a.length == network.length && Arrays.equals(mask(a, prefix), network);
    }

    // The bytes of an IPv4 (dotted quad) or IPv6 literal (brackets and a %zone allowed), or null: never a name.
    private static byte[] literal(String s) {
        String v = s;
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        int zone = v.indexOf('%');
        if (zone >= 0) {
            v = v.substring(0, zone);
        }
        boolean v4 = v.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
        boolean v6 = !v4 && v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]{2,45}");
        if (!v4 && !v6) {
            return null;
        }
        try {
            byte[] b = InetAddress.getByName(v).getAddress(); // a literal: parsed, never resolved
            if (v6 && b.length == 4) {
                return null; // an IPv4-mapped IPv6 literal, which the JDK turns into IPv4
            }
            return b;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF00 >> keep);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** As written in the configuration. */
    @Override
    public String toString() {
        return text;
    }
}
