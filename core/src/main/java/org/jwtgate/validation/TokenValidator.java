package org.jwtgate.validation;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.TypeValidator;
import org.jose4j.lang.JoseException;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.error.Reason;
import org.jwtgate.jwks.ResilientHttpsJwks;
import org.jwtgate.metrics.DecisionMetrics;
import org.jwtgate.validation.TokenCache.Digest;

/**
 * The validation engine. Built once per configuration: one jose4j {@link JwtConsumer} per trusted
 * issuer, each resolving keys through jose4j's {@code HttpsJwksVerificationKeyResolver} (bound to each key's {@code alg}) over that
 * issuer's {@link ResilientHttpsJwks}. Per token:
 * <ol>
 * <li>length cap and strict compact-JWS shape (three base64url segments, no padding), before parsing;</li>
 * <li>one parse without verification (jose4j's two-pass pattern); an OpenID Connect ID token is refused
 * unless {@code accept-id-tokens} ({@link IdTokenMarkers});</li>
 * <li>header checks: {@code alg} in the allow-list, no {@code crit}, no nesting;</li>
 * <li>the unverified {@code iss} picks one of the issuers of the request's {@link IssuerScope} (the
 * configured issuers, or a tenant's), nothing else: no URL ever comes from a token, and {@code jku},
 * {@code x5u}, {@code jwk}, {@code x5c} are never read;</li>
 * <li>that issuer's consumer verifies the signature and the claims (iss, aud, exp/nbf/iat with the
 * injected clock, typ when required);</li>
 * <li>required claims and the principal claim, then roles and scopes.</li>
 * </ol>
 * Parsing is jose4j's, through {@link CompactJws} (the JDK's base64url decoder, and the parsed headers
 * of accepted tokens reused). With {@code token-cache} on, an accepted token is kept in a
 * {@link TokenCache} and answered from it while the steps above would accept it again: see there.
 * Thread-safe, without locks on the way of a valid token; {@link #validate} never throws on token
 * content.
 */
public final class TokenValidator {
    private static final System.Logger LOG = System.getLogger(TokenValidator.class.getName());

    private final int maxLength;
    private final Set<String> algorithms;
    private final Map<String, TrustedIssuer> issuers = new HashMap<>();
    private final IssuerScope configured = new IssuerScope() {
        @Override
        public TrustedIssuer find(String iss) {
            return issuers.get(iss);
        }

        @Override
        public TrustedIssuer held(String iss) {
            return issuers.get(iss);
        }
    };
    private final List<String> requiredClaims;
    private final String principalClaim;
    private final List<ClaimPath> roleClaims = new ArrayList<>();
    private final CompactJws.HeaderCache headerCache = new CompactJws.HeaderCache();
    private final TokenCache cache;
    private final ClockedTimeValidator time;
    private final AlgorithmConstraints allowed;
    private final Set<String> audiences;
    private final Optional<String> requiredType;
    private final boolean acceptIdTokens;
    private final DecisionMetrics timer;
    private final SignatureEngine engine;
    private final Function<Map<String, Object>, Set<String>> readRoles = this::roles;
    /** One cache hit in this many is timed (a power of two). */
    public static final int SAMPLED_HITS = 16;

    /**
     * @param keySets makes the key set of each issuer (a seam for the engine's owner, which also
     *     refreshes them in the background)
     */
    public TokenValidator(GateConfig config, Function<IssuerConfig, ResilientHttpsJwks> keySets) {
        this(config, keySets, null, SignatureEngine.jdk(List.copyOf(config.algorithms())));
    }

    /**
     * @param keySets makes the key set of each issuer
     * @param timer where validation times go, with and without the cache, and the outcomes of validations, per
     *     trusted issuer ({@code null}: neither timed nor counted)
     * @param engine what verifies signatures (chosen from {@code crypto-provider} by the caller, who closes it)
     */
    public TokenValidator(GateConfig config, Function<IssuerConfig, ResilientHttpsJwks> keySets, DecisionMetrics timer,
            SignatureEngine engine) {
        this.timer = timer;
        this.engine = engine;
        this.maxLength = config.maxTokenLength();
        this.algorithms = Set.copyOf(config.algorithms());
        this.requiredClaims = config.requiredClaims();
        this.principalClaim = config.principalClaim();
        config.roleClaims().forEach(p -> roleClaims.add(new ClaimPath(p)));
        this.time = new ClockedTimeValidator(config.clock(), config.clockSkew(), config.maxTokenLifetime().orElse(null));
        this.allowed = new AlgorithmConstraints(ConstraintType.PERMIT, config.algorithms().toArray(String[]::new));
        this.audiences = config.audiences();
        this.requiredType = config.requiredType();
        this.acceptIdTokens = config.acceptIdTokens();
        for (IssuerConfig issuer : config.issuers()) {
            issuers.put(issuer.issuer(), trust(issuer, keySets.apply(issuer),
                    timer == null ? null : timer.configured(issuer.issuer())));
        }
        this.cache = config.tokenCache() ? new TokenCache(config.tokenCacheSize(), config.tokenCacheMemory(),
                config.tokenCacheMaxTtl().toMillis(), config.clock(), time) : null;
    }

    /**
     * An issuer verified under this validator's policy (audiences, algorithms, type, time) with
     * {@code keys}, for an {@link IssuerScope} other than the configured issuers (a tenant's issuer).
     */
    public TrustedIssuer trust(IssuerConfig issuer, ResilientHttpsJwks keys) {
        return trust(issuer, keys, timer == null ? null : timer.tenant(issuer.issuer()));
    }

    private TrustedIssuer trust(IssuerConfig issuer, ResilientHttpsJwks keys, DecisionMetrics.Counts decisions) {
        JwtConsumerBuilder b = new JwtConsumerBuilder()
                .setSkipAllDefaultValidators()
                .registerValidator(new IssValidator(issuer.issuer(), true))
                .registerValidator(new AudValidator(audiences, true))
                .registerValidator(time)
                .setJwsAlgorithmConstraints(allowed);
        AlgorithmBoundKeyResolver resolver = new AlgorithmBoundKeyResolver(keys);
        b.setVerificationKeyResolver(resolver);
        requiredType.ifPresent(t -> b.registerValidator(new TypeValidator(true, t)));
        return new TrustedIssuer(issuer.issuer(), keys, resolver, b.build(), decisions);
    }

    /** The configured issuers, as a scope. */
    public IssuerScope configuredIssuers() {
        return configured;
    }

    /** Validates one token against the configured issuers. */
    public Outcome validate(String token) {
        return validate(token, configured, Acceptance.AS_IS);
    }

    /** Validates one token against the issuers of {@code scope}, an accepted token counted as accepted. */
    public Outcome validate(String token, IssuerScope scope) {
        return validate(token, scope, Acceptance.AS_IS);
    }

    /**
     * What becomes of a token its issuer accepted, decided before the decision is counted: a sender
     * constraint (a DPoP proof, say) may still refuse the request, which is then counted once, as that
     * refusal, for the issuer that accepted the token.
     */
    @FunctionalInterface
    public interface Acceptance {
        /** Takes every accepted token as it is. */
        Acceptance AS_IS = accepted -> accepted;

        /** The request's outcome for a token its issuer accepted: {@code accepted}, or a refusal. */
        Outcome confirm(Outcome.Authenticated accepted);
    }

    /**
     * Validates one token against the issuers of {@code scope} (see {@link IssuerScope}); with metrics on,
     * counts the outcome for the trusted issuer that decided it, or for none ({@link DecisionMetrics}). An
     * accepted token's outcome is the one {@code acceptance} confirms, counted once.
     */
    public Outcome validate(String token, IssuerScope scope, Acceptance acceptance) {
        if (token == null || token.length() > maxLength) {
            return unattributed(Outcome.rejected(token == null ? Reason.MALFORMED_TOKEN : Reason.TOKEN_TOO_LONG));
        }
        // Cache hits are timed 1 in SAMPLED_HITS (two clock reads would cost a few % of a hit); misses always.
        boolean sampled = timer != null && (ThreadLocalRandom.current().nextInt() & (SAMPLED_HITS - 1)) == 0;
        long start = sampled ? System.nanoTime() : 0;
        byte[] text = token.getBytes(StandardCharsets.ISO_8859_1);
        Digest digest = null;
        if (cache != null) {
            digest = TokenCache.digest(text);
            TokenCache.Entry cached = cache.lookup(digest, scope);
            if (cached != null) {
                Outcome hit = acceptance.confirm(new Outcome.Authenticated(cached.principal.withToken(token)));
                if (timer != null) {
                    if (sampled) {
                        timer.cached(System.nanoTime() - start, cached.issuer.decisions());
                    }
                    timer.record(hit, cached.issuer.decisions());
                }
                return hit;
            }
        }
        long from = timer == null ? 0 : sampled ? start : System.nanoTime();
        return verify(token, text, digest, scope, acceptance, from);
    }

    // Not verified, counted for no issuer (metrics on).
    private Outcome unattributed(Outcome outcome) {
        return timer == null ? outcome : timer.record(outcome);
    }

    // Verified since nanoTime from, counted and timed for no issuer (metrics on).
    private Outcome unattributed(Outcome outcome, long from) {
        return timer == null ? outcome : timer.verified(outcome, null, System.nanoTime() - from);
    }

    // Verified since nanoTime from, counted and timed for the trusted issuer that decided it (metrics on).
    private Outcome decidedBy(TrustedIssuer issuer, Outcome outcome, long from) {
        return timer == null ? outcome : timer.verified(outcome, issuer.decisions(), System.nanoTime() - from);
    }

    // from: the nanoTime the validation began (0 with metrics off).
    private Outcome verify(String token, byte[] text, Digest digest, IssuerScope scope, Acceptance acceptance, long from) {
        if (!CompactSerialization.isCompactJws(text)) {
            return unattributed(Outcome.rejected(Reason.MALFORMED_TOKEN), from);
        }
        CompactJws jws;
        String payload;
        Map<String, Object> parsedClaims;
        JwtClaims claims;
        String alg;
        String kid;
        boolean crit;
        try {
            // The header's members were type-checked when it was parsed (MemberTypes): these reads cannot fail.
            jws = new CompactJws(token, headerCache, engine);
            alg = jws.getAlgorithmHeaderValue();
            kid = jws.getKeyIdHeaderValue();
            crit = jws.getHeaders().getObjectHeaderValue("crit") != null;
            if (isNested(jws)) {
                return unattributed(Outcome.rejected(Reason.MALFORMED_TOKEN), from);
            }
            payload = jws.strictPayload();
            parsedClaims = JsonObjects.parse(payload);
        } catch (JoseException | RuntimeException | StackOverflowError e) {
            return unattributed(Outcome.rejected(Reason.MALFORMED_TOKEN), from);
        }
        Reason mistyped = MemberTypes.claims(parsedClaims, roleClaims, payload);
        if (mistyped != null) {
            return unattributed(Outcome.rejected(mistyped), from);
        }
        if (!acceptIdTokens && IdTokenMarkers.present(parsedClaims)) {
            return unattributed(Outcome.rejected(Reason.NOT_AN_ACCESS_TOKEN), from);
        }
        claims = new JwtClaims();
        parsedClaims.forEach(claims::setClaim);
        if (alg == null || !algorithms.contains(alg)) {
            return unattributed(Outcome.rejected(Reason.ALGORITHM_NOT_ALLOWED), from);
        }
        if (crit) {
            return unattributed(Outcome.rejected(Reason.UNSUPPORTED_CRITICAL_HEADER), from);
        }
        TrustedIssuer issuer;
        try {
            String iss = claims.getIssuer();
            issuer = iss == null ? null : scope.find(iss);
        } catch (MalformedClaimException e) {
            return unattributed(Outcome.rejected(Reason.MALFORMED_CLAIM), from);
        }
        if (issuer == null) {
            return unattributed(Outcome.rejected(Reason.UNTRUSTED_ISSUER), from);
        }
        if (issuer.resolver().surelyUnresolvable(jws, kid)) {
            LOG.log(Level.DEBUG, "jwtgate: token rejected: {0}", Reason.UNKNOWN_KEY);
            return decidedBy(issuer, Outcome.rejected(Reason.UNKNOWN_KEY), from); // what the resolver would say, without its exceptions
        }
        long generation = issuer.keys().heldGeneration();
        try {
            issuer.consumer().processContext(new JwtContext(token, claims, List.of(jws)));
        } catch (InvalidJwtException e) {
            if (ReasonMapper.keysUnavailable(e)) {
                Outcome unavailable = scope.keysUnavailable(issuer);
                // A tenant issuer not known to exist is untrusted: not attributed to it.
                return unavailable instanceof Outcome.KeysUnavailable ? decidedBy(issuer, unavailable, from) : unattributed(unavailable, from);
            }
            Reason reason = ReasonMapper.reason(e);
            LOG.log(Level.DEBUG, "jwtgate: token rejected: {0}", reason);
            return decidedBy(issuer, Outcome.rejected(reason), from);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.DEBUG, "jwtgate: token rejected: unexpected {0}", e.getClass().getSimpleName());
            return decidedBy(issuer, Outcome.rejected(Reason.MALFORMED_TOKEN), from);
        }
        for (String required : requiredClaims) {
            if (!claims.hasClaim(required)) {
                return decidedBy(issuer, Outcome.rejected(Reason.MISSING_CLAIM), from);
            }
        }
        Object name = claims.getClaimValue(principalClaim);
        if (!(name instanceof String n) || n.isEmpty()) {
            return decidedBy(issuer, Outcome.rejected(name == null ? Reason.MISSING_CLAIM : Reason.MALFORMED_CLAIM), from);
        }
        JwtPrincipal principal = principal(n, (String) parsedClaims.get("iss"), parsedClaims);
        jws.rememberHeader();
        if (cache != null) {
            remember(digest, principal, claims, payload.length(), issuer, generation, jws);
        }
        return decidedBy(issuer, acceptance.confirm(new Outcome.Authenticated(principal.withToken(token))), from);
    }

    // Nested JWTs (cty JWT, RFC 7519 §5.2) are not accepted.
    private static boolean isNested(CompactJws jws) {
        String cty = jws.getContentTypeHeaderValue();
        return cty != null && (cty.equalsIgnoreCase("jwt") || cty.equalsIgnoreCase("application/jwt"));
    }

    // The principal without token: a compact copy to be kept in the cache, or the parsed claims taken over, its
    // roles and scopes read when first asked for (many requests never ask).
    private JwtPrincipal principal(String name, String issuer, Map<String, Object> all) {
        return cache != null ? new JwtPrincipal(name, issuer, all, roles(all), scopes(all), null)
                : JwtPrincipal.adoptLazily(name, issuer, all, readRoles, TokenValidator::scopes, null);
    }

    private Set<String> roles(Map<String, Object> all) {
        Set<String> roles = new LinkedHashSet<>();
        for (ClaimPath p : roleClaims) {
            p.collect(all, roles);
        }
        return roles;
    }

    private static Set<String> scopes(Map<String, Object> all) {
        Set<String> scopes = new LinkedHashSet<>();
        ClaimPath.addValues(all.get("scope"), scopes);
        ClaimPath.addValues(all.get("scp"), scopes);
        return scopes;
    }

    private void remember(Digest digest, JwtPrincipal principal, JwtClaims claims, int payloadChars, TrustedIssuer issuer,
            long generation, CompactJws jws) {
        try {
            NumericDate exp = claims.getExpirationTime();
            NumericDate nbf = claims.getNotBefore();
            NumericDate iat = claims.getIssuedAt();
            int weight = TokenCache.weight(payloadChars);
            cache.put(digest, principal, exp.getValue(), nbf != null, nbf == null ? 0 : nbf.getValue(), iat != null,
                    iat == null ? 0 : iat.getValue(), issuer, generation, jws.getKeyIdHeaderValue(), jws.resolvedKey(),
                    jws.getAlgorithmHeaderValue(), weight);
        } catch (MalformedClaimException | RuntimeException e) {
            // not cached; the token was accepted all the same
        }
    }

    /** The verified-token cache's counters ({@link TokenCacheStats#DISABLED} when it is off). */
    public TokenCacheStats cacheStats() {
        return cache == null ? TokenCacheStats.DISABLED : cache.stats();
    }

    /** The issuers this validator trusts. */
    public Collection<String> issuers() {
        return issuers.keySet();
    }
}
