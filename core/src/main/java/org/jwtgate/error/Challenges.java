package org.jwtgate.error;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code WWW-Authenticate} challenges an engine offers (RFC 7235 §4.1; RFC 6750 §3; RFC 9449 §7.1):
 * {@code Bearer realm="…"} and/or {@code DPoP realm="…", algs="…"}, in one header value, in that
 * order. A refusal puts {@code error}, {@code error_description} and {@code scope} (or RFC 9470's
 * {@code acr_values} and {@code max_age}) on the challenge of
 * the scheme the request used (or, when that scheme is not offered, on the first one offered); the
 * others stay bare. Each challenge's attributes are configuration checked here at construction, so
 * rendering never escapes anything; a further attribute common to every challenge (such as RFC 9728's
 * {@code resource_metadata}) is one more entry in {@link #withAttribute}.
 */
public final class Challenges {
    private final Map<Scheme, Map<String, String>> offered;

    private Challenges(Map<Scheme, Map<String, String>> offered) {
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("at least one scheme must be offered");
        }
        for (Map<String, String> attributes : offered.values()) {
            attributes.values().forEach(RfcCharset::requireErrorText);
        }
        this.offered = offered;
    }

    /** {@code Bearer realm="…"} alone: an engine without DPoP. */
    public static Challenges bearer(String realm) {
        return of(realm, true, null);
    }

    /**
     * @param bearer whether the Bearer scheme is offered
     * @param dpopAlgorithms the {@code algs} of the DPoP challenge, or null when DPoP is not offered
     */
    public static Challenges of(String realm, boolean bearer, Collection<String> dpopAlgorithms) {
        Objects.requireNonNull(realm, "realm");
        Map<Scheme, Map<String, String>> m = new LinkedHashMap<>();
        if (bearer) {
            m.put(Scheme.BEARER, new LinkedHashMap<>(Map.of("realm", realm)));
        }
        if (dpopAlgorithms != null) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("realm", realm);
            a.put("algs", String.join(" ", dpopAlgorithms));
            m.put(Scheme.DPOP, a);
        }
        return new Challenges(m);
    }

    /** These challenges with one more attribute on each (configuration, in the RFC 6750 §3 charset). */
    public Challenges withAttribute(String name, String value) {
        Map<Scheme, Map<String, String>> m = new LinkedHashMap<>();
        offered.forEach((s, a) -> {
            Map<String, String> copy = new LinkedHashMap<>(a);
            copy.put(name, value);
            m.put(s, copy);
        });
        return new Challenges(m);
    }

    /** Whether {@code scheme} is offered. */
    public boolean offers(Scheme scheme) {
        return offered.containsKey(scheme);
    }

    /** The schemes offered, in order. */
    public List<Scheme> schemes() {
        return new ArrayList<>(offered.keySet());
    }

    /** Every challenge, without error (RFC 6750 §3.1: no error attribute when no credentials were sent). */
    public String bare() {
        return render(null, null, null, Map.of());
    }

    /**
     * Every challenge, the one of {@code used} (or the first offered) carrying the error. The error
     * texts are fixed strings checked by {@link Reason}; {@code scope} is configuration or null.
     */
    public String withError(Scheme used, String error, String description, String scope) {
        return withError(used, error, description, scope == null ? Map.of() : Map.of("scope", scope));
    }

    /**
     * As {@link #withError(Scheme, String, String, String)}, with {@code attributes} after the error (in their
     * order): {@code scope} (RFC 6750 §3), {@code acr_values} and {@code max_age} (RFC 9470 §3). Their values
     * are configuration, never request data, and must be in the RFC 6750 §3 charset.
     *
     * @throws IllegalArgumentException for an attribute name that is not a token or a value outside the charset
     */
    public String withError(Scheme used, String error, String description, Map<String, String> attributes) {
        attributes.forEach((name, value) -> {
            if (!name.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not an attribute name");
            }
            RfcCharset.requireErrorText(value);
        });
        return render(offers(used) ? used : offered.keySet().iterator().next(), error, description, attributes);
    }

    private String render(Scheme errorOn, String error, String description, Map<String, String> attributes) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Scheme, Map<String, String>> e : offered.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey().token());
            boolean first = true;
            for (Map.Entry<String, String> a : e.getValue().entrySet()) {
                sb.append(first ? " " : ", ").append(a.getKey()).append("=\"").append(a.getValue()).append('"');
                first = false;
            }
            if (e.getKey() == errorOn) {
                sb.append(", error=\"").append(error).append('"')
                        .append(", error_description=\"").append(description).append('"');
                attributes.forEach((name, value) -> sb.append(", ").append(name).append("=\"").append(value).append('"'));
            }
        }
        return sb.toString();
    }
}
