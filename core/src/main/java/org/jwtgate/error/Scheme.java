package org.jwtgate.error;

/**
 * The authentication schemes jwtgate answers to: {@code Bearer} (RFC 6750) and {@code DPoP} (RFC 9449
 * §7.1). A refusal's error attributes go on the challenge of the scheme the request used.
 */
public enum Scheme {
    BEARER("Bearer"),
    DPOP("DPoP");

    private final String token;

    Scheme(String token) {
        this.token = token;
    }

    /** The scheme as written in {@code Authorization} and {@code WWW-Authenticate}. */
    public String token() {
        return token;
    }
}
