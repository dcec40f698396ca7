package org.jwtgate.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.jwtgate.tenant.TenantId;

/**
 * Signs JWT access tokens (RFC 9068) for a tenant with its active key. The JWS header gets
 * {@code alg} and {@code kid} of that key (RFC 7515 §4.1.1, §4.1.4) and {@code typ: at+jwt}
 * (RFC 9068 §2.1); the claims get {@code iss} (the tenant's issuer), {@code iat} (now, from the
 * clock), {@code exp} (now + the default lifetime unless given) and {@code jti} (a random UUID unless
 * given). A given {@code iss} must be the tenant's; a given {@code exp} must be in the future and at
 * most {@code token-lifetime-max} away, so that key retirement never outlives a token. Thread-safe.
 *
 * <pre>{@code
 * JwtClaims claims = new JwtClaims();
 * claims.setSubject("alice");
 * claims.setAudience("orders-api");
 * String token = signer.sign(TenantId.of("acme"), claims);
 * }</pre>
 */
public final class TokenSigner {
    private final TenantKeyStore store;
    private final Function<TenantId, String> issuer;
    private final Duration lifetime;
    private final Duration maxLifetime;
    private final Clock clock;
    private final java.util.concurrent.atomic.LongAdder signatures = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param issuer the issuer of each tenant
     * @param lifetime lifetime of tokens whose claims have no {@code exp}
     * @param maxLifetime the longest lifetime accepted
     */
    public TokenSigner(TenantKeyStore store, Function<TenantId, String> issuer, Duration lifetime,
            Duration maxLifetime, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.compareTo(maxLifetime) > 0 || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive and at most maxLifetime");
        }
    }

    /** The signer a publisher configuration describes, over {@code store}. */
    public static TokenSigner of(PublisherConfig config, TenantKeyStore store) {
        return new TokenSigner(store, config::issuer, config.tokenLifetime(), config.tokenLifetimeMax(), config.clock());
    }

    /** The issuer of {@code tenant}'s tokens. */
    public String issuer(TenantId tenant) {
        return issuer.apply(tenant);
    }

    /**
     * Signs a copy of {@code claims} completed as described above.
     *
     * @throws IllegalArgumentException when {@code iss} or {@code exp} is unacceptable
     * @throws UnknownTenantException when the tenant does not exist (create it with
     *     {@link TenantKeyStore#ensureTenant})
     * @throws TenantUnavailableException when its keys cannot be read
     */
    public String sign(TenantId tenant, JwtClaims claims) {
        JwtClaims c;
        try {
            c = JwtClaims.parse(claims.toJson());
        } catch (org.jose4j.jwt.consumer.InvalidJwtException e) {
            throw new IllegalArgumentException("claims cannot be copied");
        }
        return signCopy(tenant, c);
    }

    /** Signs these claims (JSON-compatible values) completed as described above. */
    public String sign(TenantId tenant, Map<String, ?> claims) {
        JwtClaims c = new JwtClaims();
        claims.forEach(c::setClaim);
        return signCopy(tenant, c);
    }

    private String signCopy(TenantId tenant, JwtClaims c) {
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
        jws.setAlgorithmHeaderValue(key.alg());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "at+jwt");
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
