package org.jwtgate.sample;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jwtgate.config.Placeholders;
import org.jwtgate.filter.JwksServlet;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.TenantUnavailableException;
import org.jwtgate.keys.UnknownTenantException;
import org.jwtgate.tenant.TenantId;

/**
 * {@code POST /demo/token}: signs an access token for a demo user of a tenant with the tenant's
 * current key. Form parameters: {@code tenant}, {@code subject}, {@code roles} (comma separated),
 * {@code scope} (space separated), {@code lifetime} (seconds), and to bind the token to a DPoP key
 * (RFC 9449 §6.1, {@code cnf.jkt}) either {@code jkt} (the key's RFC 7638 SHA-256 thumbprint) or
 * {@code jwk} (the public JWK, whose thumbprint is taken; a JWK with private members is refused), and for
 * step-up authentication (RFC 9470) {@code acr} (how the user is said to have logged in: printable ASCII
 * without space, {@code "} or {@code \}) and {@code auth_time} (when, in seconds since the epoch). The
 * token is an RFC 9068 access token ({@code typ: at+jwt}) with {@code client_id} {@value #CLIENT_ID};
 * {@code token_type} is {@code DPoP} for a bound token. Answers JSON, or the bare token for
 * {@code Accept: text/plain}.
 *
 * <p>Anyone who can reach it can mint tokens: it answers 404 to every method unless its init-param
 * {@code enabled} is {@code true} (in the sample's web.xml: {@code JWTGATE_DEMO_TOKENS=true}, which
 * {@code run-demo.sh} sets). Never enable it outside a demo.
 */
public class DemoTokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The {@code client_id} of the demo's tokens: the demo page is the client they are issued to. */
    static final String CLIENT_ID = "jwtgate-demo";
    private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9:._-]{1,64}");
    /** An {@code acr} that step-up may name in {@code acr_values}: printable ASCII without space, '"' or a backslash. */
    private static final Pattern ACR = Pattern.compile("[!#-\\[\\]-~]{1,128}");
    /** An {@code auth_time}: a NumericDate from 0 to the end of the year 9999. */
    private static final Pattern NUMERIC_DATE = Pattern.compile("[0-9]{1,12}");
    private static final long MAX_NUMERIC_DATE = 253_402_300_799L;

    private boolean enabled;
    private String audience;

    @Override
    public void init() throws ServletException {
        // The same ${env:…} placeholders as jwtgate's own parameters.
        String flag = Placeholders.system().resolve("enabled", getInitParameter("enabled"));
        if (flag != null && !flag.equals("true") && !flag.equals("false")) {
            throw new ServletException("demo token servlet: init-param 'enabled' must be true or false");
        }
        enabled = "true".equals(flag);
        audience = Optional.ofNullable(Placeholders.system().resolve("audience", getInitParameter("audience")))
                .orElse("sample-api");
        if (enabled) {
            log("WARNING: the demo token endpoint is enabled: anyone who can reach it can mint tokens. Demo only.");
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (!enabled) {
            error(resp, 404, "not_found"); // switched off: nothing here, whatever the method
            return;
        }
        super.service(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<JwksPublisher> publisher = JwksServlet.publisher(getServletContext());
        if (publisher.isEmpty()) {
            error(resp, 404, "not_found");
            return;
        }
        Optional<TenantId> tenant = TenantId.parse(Optional.ofNullable(req.getParameter("tenant")).orElse(""));
        String subject = Optional.ofNullable(req.getParameter("subject")).orElse("");
        List<String> roles = split(req.getParameter("roles"), ",");
        List<String> scopes = split(req.getParameter("scope"), " ");
        long lifetime;
        try {
            lifetime = Long.parseLong(Optional.ofNullable(req.getParameter("lifetime")).orElse("900"));
        } catch (NumberFormatException e) {
            lifetime = -1;
        }
        Optional<String> jkt = confirmation(req.getParameter("jkt"), req.getParameter("jwk"));
        String acr = req.getParameter("acr");
        String authTime = req.getParameter("auth_time");
        if ((acr != null && !ACR.matcher(acr).matches()) || (authTime != null && (!NUMERIC_DATE.matcher(authTime).matches()
                || Long.parseLong(authTime) > MAX_NUMERIC_DATE))) {
            error(resp, 400, "invalid_request");
            return;
        }
        if (jkt == null || tenant.isEmpty() || !NAME.matcher(subject).matches() || !roles.stream().allMatch(r -> NAME.matcher(r).matches())
                || !scopes.stream().allMatch(s -> SCOPE.matcher(s).matches()) || lifetime < 1 || lifetime > 3600) {
            error(resp, 400, "invalid_request");
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("client_id", CLIENT_ID); // RFC 9068 §2.2: the client the token was issued to
        claims.put("tenant", tenant.get().value());
        claims.put("groups", roles);
        if (!scopes.isEmpty()) {
            claims.put("scope", String.join(" ", scopes));
        }
        claims.put("exp", System.currentTimeMillis() / 1000 + lifetime);
        if (acr != null) {
            claims.put("acr", acr);
        }
        if (authTime != null) {
            claims.put("auth_time", Long.parseLong(authTime));
        }
        jkt.ifPresent(t -> claims.put("cnf", Map.of("jkt", t)));
        String token;
        try {
            token = publisher.get().signer().sign(tenant.get(), claims);
        } catch (UnknownTenantException e) {
            error(resp, 404, "not_found"); // the JWKS servlet's tenants parameter lists the demo's tenants
            return;
        } catch (TenantUnavailableException e) {
            error(resp, 503, "temporarily_unavailable");
            return;
        } catch (IllegalArgumentException e) {
            error(resp, 400, "invalid_request"); // a lifetime beyond the publisher's token-lifetime-max
            return;
        }
        resp.setHeader("Cache-Control", "no-store");
        String accept = Optional.ofNullable(req.getHeader("Accept")).orElse("");
        if (accept.startsWith("text/plain")) {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(token);
            return;
        }
        resp.setContentType("application/json;charset=UTF-8");
        resp.getWriter().write(Json.of(Map.of("access_token", token, "token_type", jkt.isPresent() ? "DPoP" : "Bearer", "expires_in",
                Duration.ofSeconds(lifetime).toSeconds())));
    }

    /**
     * The {@code cnf.jkt} asked for: empty for none, the thumbprint given as {@code jkt} or of the public
     * {@code jwk}; null when both are given or either is not what it must be.
     */
    private static Optional<String> confirmation(String jkt, String jwk) {
        if (jkt != null && jwk != null) {
            return null;
        }
        if (jkt != null) {
            return THUMBPRINT.matcher(jkt).matches() ? Optional.of(jkt) : null;
        }
        if (jwk == null) {
            return Optional.empty();
        }
        if (jwk.length() > 4096) {
            return null;
        }
        try {
            Map<String, Object> members = org.jose4j.json.JsonUtil.parseJson(jwk);
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
                if (members.containsKey(secret)) {
                    return null; // a private key does not belong here (and must not stay in a request log)
                }
            }
            if (!(org.jose4j.jwk.JsonWebKey.Factory.newJwk(members) instanceof org.jose4j.jwk.PublicJsonWebKey key)) {
                return null;
            }
            return Optional.of(key.calculateBase64urlEncodedThumbprint("SHA-256"));
        } catch (org.jose4j.lang.JoseException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(separator)) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    private static void error(HttpServletResponse resp, int status, String error) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.getWriter().write("{\"error\":\"" + error + "\"}");
    }
}
