package org.jwtgate.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.JwtPrincipal;

/** What the sample shows of a caller, the same for its servlet and its JAX-RS endpoints. */
final class Json {
    private static final List<String> SHOWN_CLAIMS = List.of("iss", "sub", "aud", "exp", "scope", "tenant");

    private Json() {
    }

    static String caller(String user, String authType, boolean admin, Object principal) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("authType", authType);
        out.put("admin", admin);
        if (principal instanceof JwtPrincipal p) {
            out.put("roles", List.copyOf(p.roles()));
            out.put("scopes", List.copyOf(p.scopes()));
            Map<String, Object> claims = new LinkedHashMap<>();
            SHOWN_CLAIMS.forEach(c -> p.claim(c).ifPresent(v -> claims.put(c, v)));
            out.put("claims", claims);
        }
        return JsonUtil.toJson(out);
    }

    static String of(Map<String, ?> map) {
        return JsonUtil.toJson(map);
    }
}
