package org.jwtgate.dpop;

import java.util.Map;
import java.util.Optional;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import javax.sql.DataSource;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.DpopReplayStore;
import org.jwtgate.config.Parameters;
import org.jwtgate.keys.jdbc.DataSources;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;
import org.jwtgate.mtls.CertificateBinding;
import org.jwtgate.token.BearerRequest;

/**
 * The engine's sender-constraint rule (RFC 9449 §7), applied to every request that carried a token,
 * after the token's own validation (which the token cache may have answered: only the token's
 * signature work is ever cached, the proof is checked on every request):
 * <ul>
 * <li>a token bound to a key ({@code cnf.jkt}) sent with the Bearer scheme is refused, in every mode;</li>
 * <li>with {@code dpop=required}, the Bearer scheme is refused;</li>
 * <li>a token sent with the DPoP scheme must be bound and come with exactly one valid proof of its key
 * ({@link ProofVerifier});</li>
 * <li>whatever the scheme, a token bound to a client certificate ({@code cnf.x5t#S256}, RFC 8705 §3) must
 * come over a request that presented it, and with {@code mtls-bound-tokens=required} every token must be
 * ({@link CertificateBinding}).</li>
 * </ul>
 */
public final class SenderConstraint {
    /** The {@code DPoP} request header (RFC 9449 §4.1). */
    public static final String DPOP_HEADER = "DPoP";

    /** The response header that hands out a server-provided nonce (RFC 9449 §8). */
    public static final String NONCE_HEADER = "DPoP-Nonce";

    private final DpopMode mode;
    private final ProofVerifier proofs;
    private final CertificateBinding certificates;
    private final DpopNonces nonces;

    /** With the replay store {@code dpop-replay-store} names; proofs verified by {@code signatures}. */
    public SenderConstraint(GateConfig config, SignatureEngine signatures) {
        this(config, config.dpop() == DpopMode.OFF ? null : replayStore(config), signatures);
    }

    /** The store {@code dpop-replay-store} names. */
    static ReplayStore replayStore(GateConfig config) {
        if (config.dpopReplayStore() != DpopReplayStore.JDBC) {
            return new InMemoryReplayStore(config.dpopReplayCacheSize(), config.clock());
        }
        DataSource ds;
        if (config.dpopReplayJdbcJndiName().isPresent()) {
            try {
                ds = DataSources.jndi(config.dpopReplayJdbcJndiName().get());
            } catch (ConfigException e) {
                throw new ConfigException(Parameters.DPOP_REPLAY_JDBC_JNDI_NAME, "'" + config.dpopReplayJdbcJndiName().get()
                        + "' names no DataSource in JNDI: declare it in the container (and a resource-ref in web.xml)");
            }
        } else {
            ds = DataSources.url(config.dpopReplayJdbcUrl().orElseThrow(), config.dpopReplayJdbcUser(),
                    config.dpopReplayJdbcPassword());
        }
        return new JdbcReplayStore(ds, config.dpopReplayJdbcTable(), config.clock());
    }

    /** With another {@link ReplayStore} (one shared by several nodes). */
    public SenderConstraint(GateConfig config, ReplayStore replays, SignatureEngine signatures) {
        this.mode = config.dpop();
        this.nonces = mode != DpopMode.OFF && config.dpopNonce()
                ? new DpopNonces(config.dpopNonceSecret().orElse(null), config.dpopNonceLifetime(), config.clock()) : null;
        this.proofs = mode == DpopMode.OFF ? null : new ProofVerifier(config.dpopAlgorithms(), config.dpopProofMaxAge(),
                config.clockSkew(), config.publicOrigin().orElse(null), config.clock(), replays, signatures, nonces);
        this.certificates = new CertificateBinding(config);
    }

    /**
     * The {@code DPoP-Nonce} to send with a response to a request sent with {@code scheme}: with
     * {@code dpop-nonce=required}, a fresh nonce for a DPoP request (RFC 9449 §8, §8.2); otherwise none.
     */
    public Optional<String> nonceFor(Scheme scheme) {
        return nonces != null && scheme == Scheme.DPOP ? Optional.of(nonces.current()) : Optional.empty();
    }

    /**
     * A refusal of a request sent with {@code scheme} before its token is even validated (the Bearer
     * scheme where DPoP is required), or null.
     */
    public Outcome beforeValidation(Scheme scheme) {
        return mode == DpopMode.REQUIRED && scheme == Scheme.BEARER ? Outcome.rejected(Reason.DPOP_REQUIRED, Scheme.DPOP) : null;
    }

    /** The outcome of a request whose token, sent with {@code scheme}, was validated as {@code validated}. */
    public Outcome apply(Outcome validated, String token, Scheme scheme, BearerRequest request) {
        return validated instanceof Outcome.Authenticated a ? confirm(a, token, scheme, request) : retold(validated, scheme);
    }

    /**
     * A refusal told for the scheme the request used ({@code validated} itself when it is no refusal or
     * already is).
     */
    public Outcome retold(Outcome validated, Scheme scheme) {
        if (validated instanceof Outcome.Rejected r) {
            return r.scheme() == scheme ? r : Outcome.rejected(r.reason(), scheme);
        }
        return validated;
    }

    /**
     * The outcome of a request whose token, sent with {@code scheme}, its issuer accepted: {@code accepted},
     * or the refusal of a bound token sent as Bearer, of an unbound token sent as DPoP, of a certificate-bound
     * token without its certificate ({@link CertificateBinding}), or of its proof. A token bound both to a key
     * and to a certificate must satisfy both; the certificate is checked first, so that a proof is never
     * spent on a request refused for its certificate.
     */
    public Outcome confirm(Outcome.Authenticated accepted, String token, Scheme scheme, BearerRequest request) {
        Object cnf = accepted.principal().claims().get("cnf");
        if (cnf != null && !(cnf instanceof Map<?, ?>)) {
            return Outcome.rejected(Reason.MALFORMED_CLAIM, scheme);
        }
        Map<?, ?> confirmation = cnf == null ? Map.of() : (Map<?, ?>) cnf;
        Object jkt = member(confirmation, "jkt");
        Object x5t = member(confirmation, CertificateBinding.CONFIRMATION_MEMBER);
        if (jkt == MALFORMED || x5t == MALFORMED) {
            return Outcome.rejected(Reason.MALFORMED_CLAIM, scheme);
        }
        if (scheme == Scheme.BEARER && jkt != null) {
            return Outcome.rejected(Reason.BOUND_TOKEN_AS_BEARER, Scheme.BEARER);
        }
        if (scheme != Scheme.BEARER && jkt == null) {
            return Outcome.rejected(Reason.TOKEN_NOT_BOUND, Scheme.DPOP);
        }
        Reason unbound = certificates.check((String) x5t, request);
        if (unbound != null) {
            return Outcome.rejected(unbound, scheme);
        }
        if (scheme == Scheme.BEARER) {
            return accepted;
        }
        Reason refused = proofs.check(request.headers(DPOP_HEADER), request.method(), request.requestUrl(), token, (String) jkt);
        return refused == null ? new Outcome.Authenticated(accepted.principal().withScheme(Scheme.DPOP))
                : Outcome.rejected(refused, Scheme.DPOP);
    }

    private static final Object MALFORMED = new Object();

    /**
     * The scheme an accepted caller's token was sent with: {@link Scheme#DPOP} for a token bound to a key
     * ({@code cnf.jkt}; such a token is accepted only with that scheme, {@link #confirm}), else
     * {@link Scheme#BEARER} (an unbound token is accepted only with that scheme). For a refusal decided after
     * authentication, whose error goes on the challenge of the scheme used (RFC 9449 §7.1).
     */
    public static Scheme schemeOf(JwtPrincipal principal) {
        return boundKey(principal) instanceof String ? Scheme.DPOP : Scheme.BEARER;
    }

    // The cnf.jkt string, null when the token has no cnf or no jkt in it, MALFORMED when mistyped.
    private static Object boundKey(JwtPrincipal principal) {
        Object cnf = principal.claims().get("cnf");
        return cnf instanceof Map<?, ?> m ? member(m, "jkt") : cnf == null ? null : MALFORMED;
    }

    // The string a confirmation member holds, null when absent, MALFORMED when mistyped or empty.
    private static Object member(Map<?, ?> confirmation, String name) {
        Object value = confirmation.get(name);
        if (value == null) {
            return null;
        }
        return value instanceof String s && !s.isEmpty() ? s : MALFORMED;
    }
}
