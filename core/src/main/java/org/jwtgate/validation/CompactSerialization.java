package org.jwtgate.validation;

/**
 * The shape of a JWS compact serialization, checked before any parser sees it: three base64url segments
 * without padding, each in its one canonical spelling (RFC 4648 §3.5: the unused low bits of a
 * segment's last character are zero, and no segment is one character longer than a multiple of four).
 * A token or proof spelt another way decodes to the same bytes as a canonical one, so accepting it would
 * let one signed object travel under several texts; it is refused instead. The header and payload may not
 * be empty; the signature may, to be refused later as unsigned.
 */
public final class CompactSerialization {
    private static final int[] VALUE = new int[256];

    static {
        java.util.Arrays.fill(VALUE, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUE[alphabet.charAt(i)] = i;
        }
    }

    private CompactSerialization() {
    }

    /** Whether {@code text} has the shape above. */
    public static boolean isCompactJws(CharSequence text) {
        int dots = 0;
        int length = 0;
        int last = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 256 ? VALUE[c] : -1;
            if (v >= 0) {
                length++;
                last = v;
            } else if (c == '.' && length > 0 && canonicalEnd(length, last)) {
                dots++;
                length = 0;
            } else {
                return false;
            }
        }
        return dots == 2 && canonicalEnd(length, last);
    }

    /** As {@link #isCompactJws(CharSequence)}, for a token given as its ISO-8859-1 bytes. */
    static boolean isCompactJws(byte[] token) {
        int dots = 0;
        int length = 0;
        int last = 0;
        for (byte b : token) {
            int c = b & 0xff;
            int v = VALUE[c];
            if (v >= 0) {
                length++;
                last = v;
            } else if (c == '.' && length > 0 && canonicalEnd(length, last)) {
                dots++;
                length = 0;
            } else {
                return false;
            }
        }
        return dots == 2 && canonicalEnd(length, last);
    }

    // A segment of `length` characters whose last has value `last` is the canonical spelling of its bytes.
    private static boolean canonicalEnd(int length, int last) {
        return switch (length & 3) {
            case 1 -> false;
            case 2 -> (last & 0x0f) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }
}
