package org.jwtgate.keys;

import java.util.List;

/**
 * What {@link TokenSigner} signs, named by the JWS {@code typ} header it gets.
 *
 * <ul>
 * <li>{@link #ACCESS_TOKEN}: a JWT access token of RFC 9068, header {@code typ: at+jwt}; the caller's
 * claims must hold {@code client_id}, {@code sub} and {@code aud} (§2.2; the signer adds {@code iss},
 * {@code exp}, {@code iat} and {@code jti}). Verifiers that check RFC 9068 (Spring Security's
 * {@code JwtValidators.createAtJwtValidator()}, oauth4webapi's {@code validateJwtAccessToken}) refuse
 * a token without them.</li>
 * <li>{@link #JWT}: a plain JWT, header {@code typ: JWT}, no claim required of the caller. For
 * verifiers that only accept {@code typ: JWT} (or none), and for tokens that are not OAuth access
 * tokens.</li>
 * </ul>
 */
public enum TokenType {
    ACCESS_TOKEN("at+jwt", List.of("client_id", "sub", "aud")),
    JWT("JWT", List.of());

    private final String typ;
    private final List<String> required;

    TokenType(String typ, List<String> required) {
        this.typ = typ;
        this.required = required;
    }

    /** The JWS {@code typ} header value. */
    public String typ() {
        return typ;
    }

    /** The claims the caller must give (the signer adds {@code iss}, {@code exp}, {@code iat}, {@code jti}). */
    public List<String> requiredClaims() {
        return required;
    }
}
