package org.jwtgate.validation;

import java.util.List;
import java.util.Map;

/**
 * What only an OpenID Connect ID token carries, so that one is not taken for an access token
 * (RFC 9068 §4, OpenID Connect Core §2 and §3): a payload {@code typ} of {@code "ID"} (Keycloak's
 * marker), or one of the claims an ID token binds to its authentication response — {@code nonce},
 * {@code at_hash}, {@code c_hash}, {@code s_hash}. An ID token is meant for the client that logged the
 * user in; its {@code aud} is that client, so it passes an audience check wherever the API and the
 * client share a name, and a client that forwards it (or an attacker who got one) would otherwise
 * be let in as the user.
 */
final class IdTokenMarkers {
    private static final List<String> CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash");

    private IdTokenMarkers() {
    }

    /** Whether {@code claims} (a token's parsed payload) carry any ID-token marker. */
    static boolean present(Map<String, Object> claims) {
        if (claims.get("typ") instanceof String typ && typ.equalsIgnoreCase("ID")) {
            return true;
        }
        for (String claim : CLAIMS) {
            if (claims.containsKey(claim)) {
                return true;
            }
        }
        return false;
    }
}
