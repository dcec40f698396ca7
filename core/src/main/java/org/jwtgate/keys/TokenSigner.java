package org.jwtgate.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.tenant.TenantId;

/**
 * Signs tokens for a tenant with its active key: JWT access tokens of RFC 9068 by default, or plain
 * JWTs when asked ({@link TokenType}). The JWS header gets {@code alg} and {@code kid} of that key
 * (RFC 7515 §4.1.1, §4.1.4) and {@code typ} ({@code at+jwt}, RFC 9068 §2.1, or {@code JWT}); the
 * claims get {@code iss} (the tenant's issuer), {@code iat} (now, from the clock), {@code exp} (now +
 * the default lifetime unless given) and {@code jti} (a random UUID unless given). An access token
 * needs {@code client_id}, {@code sub} and {@code aud} from the caller (RFC 9068 §2.2): without them it
 * is not signed. A given {@code iss} must be the tenant's; a given {@code exp} must be in the future
 * and at most {@code token-lifetime-max} away, so that key retirement never outlives a token.
 * Thread-safe.
 *
 * <pre>{@code
 * JwtClaims claims = new JwtClaims();
 * claims.setSubject("alice");
 * claims.setAudience("orders-api");
 * claims.setClaim("client_id", "orders-ui");
 * String token = signer.sign(TenantId.of("acme"), claims);                 // typ: at+jwt
 * String plain = signer.sign(TenantId.of("acme"), TokenType.JWT, claims);  // typ: JWT
 * }</pre>
 */
public final class TokenSigner {
    private final TenantKeyStore store;
    private final Function<TenantId, String> issuer;
    private final Duration lifetime;
    private final Duration maxLifetime;
    private final Clock clock;
    private final SignatureEngine engine;
    private final java.util.concurrent.atomic.LongAdder signatures = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param issuer the issuer of each tenant
     * @param lifetime lifetime of tokens whose claims have no {@code exp}
     * @param maxLifetime the longest lifetime accepted
     */
    public TokenSigner(TenantKeyStore store, Function<TenantId, String> issuer, Duration lifetime,
            Duration maxLifetime, Clock clock) {
        this(store, issuer, lifetime, maxLifetime, clock, SignatureEngine.jdk(List.of()));
    }

    /**
     * As {@link #TokenSigner(TenantKeyStore, Function, Duration, Duration, Clock)}, signatures made by {@code engine}
     * (see {@link SignatureEngine#contextFor}); the caller closes it.
     */
    public TokenSigner(TenantKeyStore store, Function<TenantId, String> issuer, Duration lifetime,
            Duration maxLifetime, Clock clock, SignatureEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = Objects.requireNonNull(store, "store");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.compareTo(maxLifetime) > 0 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive and at most maxLifetime");
        }
    }

    /** The signer a publisher configuration describes, over {@code store}, signing with {@code engine}. */
    public static TokenSigner of(PublisherConfig config, TenantKeyStore store, SignatureEngine engine) {
        return new TokenSigner(store, config::issuer, config.tokenLifetime(), config.tokenLifetimeMax(), config.clock(),
                engine);
    }

    /** The issuer of {@code tenant}'s tokens. */
    public String issuer(TenantId tenant) {
        return issuer.apply(tenant);
    }

    /**
     * Signs a copy of {@code claims} as an RFC 9068 access token ({@code typ: at+jwt}), completed as
     * described above.
     *
     * @throws IllegalArgumentException when {@code client_id}, {@code sub} or {@code aud} is missing
     *     (the message names them), or {@code iss} or {@code exp} is unacceptable
     * @throws UnknownTenantException when the tenant does not exist (create it with
     *     {@link TenantKeyStore#ensureTenant})
     * @throws TenantUnavailableException when its keys cannot be read
     */
    public String sign(TenantId tenant, JwtClaims claims) {
        return sign(tenant, TokenType.ACCESS_TOKEN, claims);
    }

    /** Signs these claims (JSON-compatible values) as an RFC 9068 access token, as {@link #sign(TenantId, JwtClaims)}. */
    public String sign(TenantId tenant, Map<String, ?> claims) {
        return sign(tenant, TokenType.ACCESS_TOKEN, claims);
    }

    /**
     * Signs a copy of {@code claims} as a token of {@code type}, completed as described above.
     *
     * @throws IllegalArgumentException when a claim {@code type} requires is missing (the message
     *     names them), or {@code iss} or {@code exp} is unacceptable
     */
    public String sign(TenantId tenant, TokenType type, JwtClaims claims) {
        JwtClaims c;
        try {
            c = JwtClaims.parse(claims.toJson());
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalArgumentException("claims cannot be copied");
        }
        return signCopy(tenant, Objects.requireNonNull(type, "type"), c);
    }

    /** Signs these claims (JSON-compatible values) as a token of {@code type}. */
    public String sign(TenantId tenant, TokenType type, Map<String, ?> claims) {
        JwtClaims c = new JwtClaims();
        claims.forEach(c::setClaim);
        return signCopy(tenant, Objects.requireNonNull(type, "type"), c);
    }

    private static void requireClaims(TokenType type, JwtClaims c) {
        List<String> missing = new ArrayList<>();
        for (String name : type.requiredClaims()) {
            Object v = c.getClaimValue(name);
            boolean present = v instanceof String s ? !s.isBlank()
                    : v instanceof Collection<?> l ? !l.isEmpty() && l.stream().allMatch(e -> e instanceof String s && !s.isBlank())
                    : false;
            if (!present) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("an access token (typ " + type.typ() + ", RFC 9068 §2.2) needs the claims "
                    + String.join(", ", type.requiredClaims()) + " from the caller; missing or empty: "
                    + String.join(", ", missing) + " (sign with TokenType.JWT for a plain JWT)");
        }
    }

    private String signCopy(TenantId tenant, TokenType type, JwtClaims c) {
        requireClaims(type, c);
        String iss = issuer.apply(tenant);
        long now = clock.instant().getEpochSecond();
        try {
            if (c.hasClaim("iss") && !iss.equals(c.getIssuer())) {
                throw new IllegalArgumentException("iss must be the tenant's issuer " + iss);
            }
            c.setIssuer(iss);
            c.setIssuedAt(NumericDate.fromSeconds(now));
            if (c.hasClaim("exp")) {
                long exp = c.getExpirationTime().getValue();
                if (exp <= now || exp - now > maxLifetime.getSeconds()) {
                    throw new IllegalArgumentException("exp must be in the future and at most " + maxLifetime + " away");
                }
            } else {
                c.setExpirationTime(NumericDate.fromSeconds(now + lifetime.getSeconds()));
            }
            if (!c.hasClaim("jti")) {
                c.setJwtId(UUID.randomUUID().toString());
            }
        } catch (MalformedClaimException e) {
            throw new IllegalArgumentException("malformed iss or exp claim");
        }
        SigningKey key = store.signingKey(tenant);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(c.toJson());
        jws.setKey(key.privateKey());
        jws.setProviderContext(engine.contextFor(key.privateKey()));
        jws.setAlgorithmHeaderValue(key.alg());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", type.typ());
        try {
            String token = jws.getCompactSerialization();
            signatures.increment();
            return token;
        } catch (JoseException e) {
            throw new TenantKeyException(tenant, "jwtgate: signing with key " + key.kid() + " of tenant '" + tenant
                    + "' failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** How many tokens this signer signed . */
    public long signatures() {
        return signatures.sum();
    }
}
