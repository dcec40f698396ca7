package org.jwtgate.tenant;

import java.util.Optional;

/**
 * A tenant identifier, checked before it touches a file name, a key-store alias, a URL or a query:
 * 1 to 63 characters {@code [a-z0-9-]}, starting with a letter or digit (a DNS label in lower case,
 * so that it also works as the first label of a host name). Nothing else is ever accepted, so a
 * valid id cannot contain a path separator, a dot, a percent sign or a control character.
 */
public final class TenantId implements Comparable<TenantId> {
    /** The longest accepted id. */
    public static final int MAX_LENGTH = 63;

    private final String value;

    private TenantId(String value) {
        this.value = value;
    }

    /** The id, if {@code text} is well formed; never throws. */
    public static Optional<TenantId> parse(String text) {
        return isValid(text) ? Optional.of(new TenantId(text)) : Optional.empty();
    }

    /**
     * The id.
     *
     * @throws IllegalArgumentException when {@code text} is not well formed; the message does not
     *     quote the input, which may come from a request
     */
    public static TenantId of(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a tenant id: use 1 to 63 characters a-z, 0-9 and '-', "
                    + "starting with a letter or digit");
        }
        return new TenantId(text);
    }

    /** Whether {@code text} is a well-formed tenant id. */
    public static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || text.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The id as text. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantId t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(TenantId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
