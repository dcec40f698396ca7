package org.jwtgate.validation;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.AudValidator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.IssValidator;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.TypeValidator;
import org.jose4j.jwx.JsonWebStructure;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.jwks.ResilientHttpsJwks;

/**
 * The validation engine. Built once per configuration: one jose4j {@link JwtConsumer} per trusted
 * issuer, each resolving keys through jose4j's {@code HttpsJwksVerificationKeyResolver} (bound to each key's {@code alg}) over that
 * issuer's {@link ResilientHttpsJwks}. Per token:
 * <ol>
 * <li>length cap and strict compact-JWS shape (three base64url segments, no padding), before parsing;</li>
 * <li>one parse without verification (jose4j's two-pass pattern);</li>
 * <li>header checks: {@code alg} in the allow-list, no {@code crit}, no nesting;</li>
 * <li>the unverified {@code iss} picks one of the configured issuers, nothing else: no URL ever comes
 * from a token, and {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} are never read;</li>
 * <li>that issuer's consumer verifies the signature and the claims (iss, aud, exp/nbf/iat with the
 * injected clock, typ when required);</li>
 * <li>required claims and the principal claim, then roles and scopes.</li>
 * </ol>
 * Thread-safe; {@link #validate} never throws on token content.
 */
public final class TokenValidator {
    private static final System.Logger LOG = System.getLogger(TokenValidator.class.getName());

    private final int maxLength;
    private final Set<String> algorithms;
    private final JwtConsumer firstPass;
    private final Map<String, JwtConsumer> consumers = new HashMap<>();
    private final List<String> requiredClaims;
    private final String principalClaim;
    private final List<ClaimPath> roleClaims = new ArrayList<>();

    /**
     * @param keySets makes the key set of each issuer (a seam for the engine's owner, which also
     *     refreshes them in the background)
     */
    public TokenValidator(GateConfig config, Function<IssuerConfig, ResilientHttpsJwks> keySets) {
        this.maxLength = config.maxTokenLength();
        this.algorithms = Set.copyOf(config.algorithms());
        this.requiredClaims = config.requiredClaims();
        this.principalClaim = config.principalClaim();
        config.roleClaims().forEach(p -> roleClaims.add(new ClaimPath(p)));
        this.firstPass = new JwtConsumerBuilder()
                .setSkipAllValidators()
                .setDisableRequireSignature()
                .setSkipSignatureVerification()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS)
                .build();
        AlgorithmConstraints allowed = new AlgorithmConstraints(ConstraintType.PERMIT,
                config.algorithms().toArray(String[]::new));
        for (IssuerConfig issuer : config.issuers()) {
            JwtConsumerBuilder b = new JwtConsumerBuilder()
                    .setSkipAllDefaultValidators()
                    .registerValidator(new IssValidator(issuer.issuer(), true))
                    .registerValidator(new AudValidator(config.audiences(), true))
                    .registerValidator(new ClockedTimeValidator(config.clock(), config.clockSkew()))
                    .setJwsAlgorithmConstraints(allowed)
                    .setVerificationKeyResolver(new AlgorithmBoundKeyResolver(keySets.apply(issuer)));
            config.requiredType().ifPresent(t -> b.registerValidator(new TypeValidator(true, t)));
            consumers.put(issuer.issuer(), b.build());
        }
    }

    /** Validates one token. */
    public Outcome validate(String token) {
        if (token == null || token.length() > maxLength) {
            return Outcome.rejected(token == null ? Reason.MALFORMED_TOKEN : Reason.TOKEN_TOO_LONG);
        }
        if (!isCompactJws(token)) {
            return Outcome.rejected(Reason.MALFORMED_TOKEN);
        }
        JwtContext context;
        try {
            context = firstPass.process(token);
        } catch (InvalidJwtException | RuntimeException | StackOverflowError e) {
            return Outcome.rejected(Reason.MALFORMED_TOKEN);
        }
        List<JsonWebStructure> structures = context.getJoseObjects();
        if (structures.size() != 1 || !(structures.get(0) instanceof JsonWebSignature jws)) {
            return Outcome.rejected(Reason.MALFORMED_TOKEN);
        }
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !algorithms.contains(alg)) {
            return Outcome.rejected(Reason.ALGORITHM_NOT_ALLOWED);
        }
        if (jws.getHeaders().getObjectHeaderValue("crit") != null) {
            return Outcome.rejected(Reason.UNSUPPORTED_CRITICAL_HEADER);
        }
        JwtClaims claims = context.getJwtClaims();
        JwtConsumer consumer;
        try {
            String iss = claims.getIssuer();
            consumer = iss == null ? null : consumers.get(iss);
        } catch (MalformedClaimException e) {
            return Outcome.rejected(Reason.MALFORMED_CLAIM);
        }
        if (consumer == null) {
            return Outcome.rejected(Reason.UNTRUSTED_ISSUER);
        }
        try {
            consumer.processContext(context);
        } catch (InvalidJwtException e) {
            if (ReasonMapper.keysUnavailable(e)) {
                return Outcome.KEYS_UNAVAILABLE;
            }
            Reason reason = ReasonMapper.reason(e);
            LOG.log(Level.DEBUG, "jwtgate: token rejected: {0}", reason);
            return Outcome.rejected(reason);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.log(Level.DEBUG, "jwtgate: token rejected: unexpected {0}", e.getClass().getSimpleName());
            return Outcome.rejected(Reason.MALFORMED_TOKEN);
        }
        return principal(token, claims);
    }

    private Outcome principal(String token, JwtClaims claims) {
        for (String required : requiredClaims) {
            if (!claims.hasClaim(required)) {
                return Outcome.rejected(Reason.MISSING_CLAIM);
            }
        }
        Object name = claims.getClaimValue(principalClaim);
        if (!(name instanceof String n) || n.isEmpty()) {
            return Outcome.rejected(name == null ? Reason.MISSING_CLAIM : Reason.MALFORMED_CLAIM);
        }
        Map<String, Object> all = claims.getClaimsMap();
        Set<String> roles = new LinkedHashSet<>();
        for (ClaimPath p : roleClaims) {
            p.collect(all, roles);
        }
        Set<String> scopes = new LinkedHashSet<>();
        ClaimPath.addValues(all.get("scope"), scopes);
        ClaimPath.addValues(all.get("scp"), scopes);
        try {
            return new Outcome.Authenticated(new JwtPrincipal(n, claims.getIssuer(), all, roles, scopes, token));
        } catch (MalformedClaimException | StackOverflowError e) {
            return Outcome.rejected(Reason.MALFORMED_CLAIM);
        }
    }

    /** Three base64url segments without padding; the signature may be empty only to be refused later as unsigned. */
    static boolean isCompactJws(String token) {
        int dots = 0;
        int segmentLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return false;
                }
                dots++;
                segmentLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                segmentLength++;
            } else {
                return false;
            }
        }
        return dots == 2;
    }

    /** The issuers this validator trusts. */
    public Collection<String> issuers() {
        return consumers.keySet();
    }
}
