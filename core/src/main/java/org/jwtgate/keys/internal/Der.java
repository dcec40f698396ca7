package org.jwtgate.keys.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings (ITU-T X.690 §10) a self-signed X.509 certificate needs. Each method returns
 * one complete TLV. Not a general ASN.1 library: no parsing, no indefinite lengths.
 */
public final class Der {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** A TLV with the given tag; the length in the shortest definite form. */
    public static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    /** A SET of one element (DER sorts SET OF; one element needs no sorting). */
    public static byte[] set(byte[] one) {
        return tlv(0x31, one);
    }

    /** {@code [n] EXPLICIT} around one encoded value. */
    public static byte[] explicit(int n, byte[] content) {
        return tlv(0xA0 | n, content);
    }

    /** INTEGER: two's complement, minimal (what {@link BigInteger#toByteArray()} gives). */
    public static byte[] integer(BigInteger v) {
        return tlv(0x02, v.toByteArray());
    }

    public static byte[] bool(boolean v) {
        return tlv(0x01, new byte[] {(byte) (v ? 0xFF : 0x00)});
    }

    public static byte[] nul() {
        return new byte[] {0x05, 0x00};
    }

    public static byte[] octetString(byte[] v) {
        return tlv(0x04, v);
    }

    /** BIT STRING with {@code unusedBits} unused bits in the last byte. */
    public static byte[] bitString(byte[] v, int unusedBits) {
        byte[] content = new byte[v.length + 1];
        content[0] = (byte) unusedBits;
        System.arraycopy(v, 0, content, 1, v.length);
        return tlv(0x03, content);
    }

    public static byte[] utf8String(String v) {
        return tlv(0x0C, v.getBytes(StandardCharsets.UTF_8));
    }

    /** OBJECT IDENTIFIER from its dotted form, e.g. {@code 2.5.4.3}. */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, new BigInteger(arcs[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, BigInteger v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("negative OID arc");
        }
        int groups = Math.max(1, (v.bitLength() + 6) / 7);
        for (int g = groups - 1; g >= 0; g--) {
            int b = v.shiftRight(7 * g).intValue() & 0x7F;
            out.write(g == 0 ? b : b | 0x80);
        }
    }

    /**
     * A certificate validity time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from
     * 2050; seconds precision, always UTC ("Z").
     */
    public static byte[] time(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        if (z.getYear() >= 1950 && z.getYear() <= 2049) {
            return tlv(0x17, UTC_TIME.format(z).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, GENERALIZED_TIME.format(z).getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
