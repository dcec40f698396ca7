package org.jwtgate.jwks;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.metrics.Health;
import org.jwtgate.metrics.KeySetMetrics;
import org.jwtgate.metrics.KeySetStatus;

/**
 * One trusted issuer's key set: jose4j's {@link HttpsJwks}, which {@code
 * HttpsJwksVerificationKeyResolver} keeps using, with the caching and resilience jwtgate needs and
 * jose4j lacks. Time comes from the injected {@link Clock}.
 *
 * <ul>
 * <li>{@code Cache-Control: max-age} honoured, clamped to [min, max]; a default TTL when absent.</li>
 * <li>{@link #refresh()}, which the resolver calls on an unknown {@code kid}, fetches at most once per
 * refresh interval for unknown {@code kid}s; concurrent callers wait for the one fetch in flight
 * (single-flight). Fetches for other reasons (expiry, the background refresh, retries) do not use up
 * that budget, so a key an issuer rotates in is picked up by the first token under it, whatever the
 * issuer's {@code Cache-Control} — unless keys were fetched less than {@value #JUST_FETCHED_MILLIS} ms
 * ago (they are as new as a fetch would get) or the issuer is failing and its retry is not due.</li>
 * <li>{@link #settledCandidates} tells when the keys held now decide a token without any fetch, so that
 * a token no key can verify is refused without the resolver's costly exceptions.</li>
 * <li>A failed fetch keeps the last good keys serving until {@code max-staleness} past their expiry;
 * with no usable keys, {@link KeysUnavailableException} (→ 503). Failures are retried at most once per
 * refresh interval.</li>
 * <li>{@link #refreshIfDue()} refreshes ahead of expiry, for a background thread.</li>
 * <li>Only asymmetric signature keys are kept: {@code oct} keys, {@code use:"enc"} keys and RSA keys
 * under 2048 bits are dropped and reported.</li>
 * <li>The JWKS location is configured or found once through OpenID Connect discovery; the discovery
 * document must name the configured issuer exactly, and the {@code jwks_uri} it names must pass the
 * rules of {@link Discovery} (https, same origin as the issuer) or it is never fetched.</li>
 * </ul>
 */
public final class ResilientHttpsJwks extends HttpsJwks {
    private static final System.Logger LOG = System.getLogger(ResilientHttpsJwks.class.getName());
    private static final int MIN_RSA_BITS = 2048;
    /** Keys fetched less than this long ago are not fetched again for an unknown {@code kid}. */
    static final long JUST_FETCHED_MILLIS = 1000;

    private final IssuerConfig issuer;
    private final SimpleGet get;
    private final Clock clock;
    private final Duration defaultTtl;
    private final Duration minTtl;
    private final Duration maxTtl;
    private final Duration refreshInterval;
    private final Duration maxStaleness;
    private final Duration refreshAhead;
    private final boolean allowHttp;
    private final boolean allowCrossOrigin;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger fetches = new AtomicInteger();
    private final KeySetMetrics metrics = new KeySetMetrics();

    private volatile Snapshot snapshot;
    private volatile Instant lastAttempt;
    private volatile Instant lastUnknownKidAttempt;
    private volatile boolean failing;
    private volatile String jwksLocation;
    /** What the last fetched key set was reported for; the same complaints again are not logged again. */
    private List<String> reported = List.of();

    private record Snapshot(List<JsonWebKey> keys, Map<String, List<JsonWebKey>> byKid, Instant fetchedAt, Instant freshUntil,
            long generation) {
        Snapshot(List<JsonWebKey> keys, Instant fetchedAt, Instant freshUntil, long generation) {
            this(List.copyOf(keys), byKid(keys), fetchedAt, freshUntil, generation);
        }

        private static Map<String, List<JsonWebKey>> byKid(List<JsonWebKey> keys) {
            Map<String, List<JsonWebKey>> byKid = new HashMap<>();
            for (JsonWebKey k : keys) {
                if (k.getKeyId() != null) {
                    byKid.computeIfAbsent(k.getKeyId(), kid -> new ArrayList<>()).add(k);
                }
            }
            byKid.replaceAll((kid, same) -> List.copyOf(same));
            return Map.copyOf(byKid);
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Snapshot that
                    && Objects.equals(keys, that.keys)
                    && Objects.equals(byKid, that.byKid)
                    && Objects.equals(fetchedAt, that.fetchedAt)
                    && Objects.equals(freshUntil, that.freshUntil)
                    && generation == that.generation;
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(keys, byKid, fetchedAt, freshUntil, generation);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    public ResilientHttpsJwks(IssuerConfig issuer, GateConfig config, SimpleGet get) {
        super(issuer.jwksUri().map(URI::toString).orElse(issuer.discoveryUri().toString()));
        this.issuer = issuer;
        this.get = get;
        this.clock = config.clock();
        this.defaultTtl = config.jwksDefaultTtl();
        this.minTtl = config.jwksMinTtl();
        this.maxTtl = config.jwksMaxTtl();
        this.refreshInterval = config.jwksRefreshInterval();
        this.maxStaleness = config.jwksMaxStaleness();
        this.refreshAhead = config.jwksRefreshAhead();
        this.allowHttp = config.jwksAllowHttp();
        this.allowCrossOrigin = config.jwksAllowCrossOrigin();
        this.jwksLocation = issuer.jwksUri().map(URI::toString).orElse(null);
        setSimpleHttpGet(get);
    }

    /** The issuer whose keys these are. */
    public String issuer() {
        return issuer.issuer();
    }

    @Override
    public String getLocation() {
        String l = jwksLocation;
        return l != null ? l : issuer.discoveryUri().toString();
    }

    /**
     * Reads the issuer's discovery document once and logs an ERROR naming both values when it calls
     * itself something else than the configured issuer (a trailing slash, another host name): its
     * tokens would all be refused as "not trusted". Leaves the keys alone; a document that cannot be
     * read says nothing (an issuer without discovery, or not up yet). For the engine's background thread
     * at start.
     */
    public void checkIssuerIdentity() {
        IssuerIdentity.mismatch(issuer, get).ifPresent(problem -> LOG.log(Level.ERROR, problem));
    }

    /** This key set's counters (fetches, refreshes); its state is {@link #status()}. */
    public KeySetMetrics metrics() {
        return metrics;
    }

    /** The key set as it is now, for metrics and health; reads state only, fetches nothing. */
    public KeySetStatus status() {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        boolean down = failing;
        if (s == null) {
            return new KeySetStatus(issuer.issuer(), down ? Health.DOWN : Health.UP, false, down, 0, 0, 0);
        }
        double age = Math.max(0, Duration.between(s.fetchedAt(), now).toMillis() / 1000.0);
        boolean expired = !now.isBefore(s.freshUntil());
        double stale = down && expired ? Duration.between(s.freshUntil(), now).toMillis() / 1000.0 : 0;
        Health health = !down || !expired ? Health.UP : usable(s, now) ? Health.DEGRADED : Health.DOWN;
        return new KeySetStatus(issuer.issuer(), health, true, down, health == Health.DOWN ? 0 : s.keys().size(), age, stale);
    }

    /** How many fetches of the JWKS document were attempted so far (discovery not counted). */
    public int fetchAttempts() {
        return fetches.get();
    }

    /**
     * The keys to verify with: fresh ones, or the last good ones while the issuer is down and they are
     * within the staleness bound.
     */
    @Override
    public List<JsonWebKey> getJsonWebKeys() throws JoseException, IOException {
        return current().keys();
    }

    /**
     * The generation of the keys {@link #getJsonWebKeys()} would give now, after the same freshness,
     * refresh and outage handling: it changes only when the published keys change (a key added,
     * removed or altered), not on every fetch. With {@link #holds} it lets a cache of verified tokens
     * check cheaply that the key a token was verified with is still published.
     *
     * @throws KeysUnavailableException when {@link #getJsonWebKeys()} would throw it
     */
    public long generation() throws KeysUnavailableException {
        return current().generation();
    }

    /**
     * The generation of the keys held now, without any fetch; {@code -1} before the first successful
     * fetch. Read before verifying a token, it is never newer than the keys the token was verified with.
     */
    public long heldGeneration() {
        Snapshot s = snapshot;
        return s == null ? -1 : s.generation();
    }

    /**
     * Whether the keys held now would select {@code key} again for a token with this {@code kid} and
     * {@code alg}: exactly one key has that {@code kid} (or, without a {@code kid}, the set holds
     * exactly one key), it is the same public key, and it does not declare another {@code alg}.
     */
    public boolean holds(String kid, Key key, String alg) {
        Snapshot s = snapshot;
        if (s == null) {
            return false;
        }
        JsonWebKey found = null;
        for (JsonWebKey k : s.keys()) {
            if (kid == null || kid.equals(k.getKeyId())) {
                if (found != null) {
                    return false;
                }
                found = k;
            }
        }
        return found != null && key.equals(found.getKey()) && (found.getAlgorithm() == null || found.getAlgorithm().equals(alg));
    }

    /**
     * The held keys that could verify a token naming {@code kid} ({@code null}: none), when resolving
     * its key now would look at exactly these and fetch nothing; empty when resolving might fetch, so
     * that only the resolver can tell. jose4j's selector only considers keys with the token's
     * {@code kid} when it names one, and all keys when it does not. Resolving fetches nothing when both
     * hold:
     * <ul>
     * <li>the held keys are fresh, or stale but within {@code jwks-max-staleness} while the issuer is
     * failing and its retry is not due yet (the resolver would be given these same keys);</li>
     * <li>the token's {@code kid} is held, or {@link #refresh()} would return at once (an unknown-kid
     * fetch within the refresh interval, any fetch within {@value #JUST_FETCHED_MILLIS} ms, or a failing
     * issuer whose retry is not due). A refresh on a miss is for keys not seen yet: the key
     * published under a known {@code kid} is that {@code kid}'s key whatever {@code alg} a token claims,
     * and it is read again when the keys expire, not because a token asks for another algorithm.</li>
     * </ul>
     * A token that none of these keys can verify is refused by the resolver through two exceptions
     * whose messages print the whole key set (about 150 KB of garbage per token), after taking the fetch
     * lock; with this it can be refused for the price of a map lookup and jose4j's selection.
     */
    public Optional<List<JsonWebKey>> settledCandidates(String kid) {
        Snapshot s = snapshot;
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant last = lastAttempt;
        boolean attemptedRecently = last != null && Duration.between(last, now).compareTo(refreshInterval) < 0;
        boolean served = now.isBefore(s.freshUntil()) || (failing && attemptedRecently && usable(s, now));
        List<JsonWebKey> candidates = kid == null ? s.keys() : s.byKid().getOrDefault(kid, List.of());
        boolean kidHeld = kid != null && !candidates.isEmpty();
        if (!served || kidHeld) {
            return served ? Optional.of(candidates) : Optional.empty();
        }
        if (unknownKidFetchAllowed(now)) {
            return Optional.empty();
        }
        if (kid != null) {
            metrics.refusedRefresh(); // refused here, so that refresh() is never asked
        }
        return Optional.of(candidates);
    }

    /**
     * Whether {@link #refresh()} would fetch now: no fetch for an unknown {@code kid} within the refresh
     * interval, no fetch at all within {@value #JUST_FETCHED_MILLIS} ms, and no failing issuer whose retry
     * is not due.
     */
    private boolean unknownKidFetchAllowed(Instant now) {
        Instant last = lastAttempt;
        if (last != null && Duration.between(last, now).toMillis() < JUST_FETCHED_MILLIS) {
            return false;
        }
        if (last != null && failing && Duration.between(last, now).compareTo(refreshInterval) < 0) {
            return false;
        }
        Instant lastUnknown = lastUnknownKidAttempt;
        return lastUnknown == null || Duration.between(lastUnknown, now).compareTo(refreshInterval) >= 0;
    }

    private Snapshot current() throws KeysUnavailableException {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        if (s != null && now.isBefore(s.freshUntil())) {
            return s;
        }
        if (s != null && usable(s, now) && lock.isLocked()) {
            return s; // a refresh is in flight; don't queue behind it while stale keys still serve
        }
        lock.lock();
        try {
            s = snapshot;
            if ((s == null || !now.isBefore(s.freshUntil())) && retryAllowed(now)) {
                fetch(now);
                s = snapshot;
            }
        } finally {
            lock.unlock();
        }
        if (s != null && usable(s, now)) {
            return s;
        }
        throw new KeysUnavailableException(issuer.issuer());
    }

    /**
     * Called by jose4j's resolver when no key matches the token: fetches again, but at most once per
     * refresh interval per issuer for unknown {@code kid}s (other fetches do not count), never within
     * {@value #JUST_FETCHED_MILLIS} ms of any fetch, never while a failing issuer's retry is not due, and
     * only one caller at a time; the others find the attempt recent and return at once.
     */
    @Override
    public void refresh() {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (!unknownKidFetchAllowed(now)) {
                metrics.refusedRefresh();
                return;
            }
            lastUnknownKidAttempt = now;
            metrics.unknownKidRefresh();
            fetch(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refreshes loaded keys when they are about to expire, at most once per refresh interval, never
     * blocking. For the background refresher. Keys never loaded are left to the first request that
     * needs them: an issuer that is not up yet when the application starts (for example the
     * application's own tenants, served by the same container) must not cost that request a failed
     * attempt and the refresh interval that follows it.
     *
     * @return whether a fetch was attempted
     */
    public boolean refreshIfDue() {
        Instant now = clock.instant();
        Snapshot s = snapshot;
        if (s == null) {
            return false;
        }
        boolean due = !now.isBefore(s.freshUntil().minus(refreshAhead));
        Instant last = lastAttempt;
        boolean allowed = last == null || Duration.between(last, now).compareTo(refreshInterval) >= 0;
        if (!due || !allowed || !lock.tryLock()) {
            return false;
        }
        try {
            metrics.backgroundRefresh();
            fetch(now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean retryAllowed(Instant now) {
        Instant last = lastAttempt;
        return last == null || !failing || Duration.between(last, now).compareTo(refreshInterval) >= 0;
    }

    private boolean usable(Snapshot s, Instant now) {
        return now.isBefore(s.freshUntil().plus(maxStaleness));
    }

    // Under the lock.
    private void fetch(Instant now) {
        lastAttempt = now;
        long start = System.nanoTime();
        try {
            String location = location();
            fetches.incrementAndGet();
            SimpleResponse response = get.get(location);
            List<String> complaints = new ArrayList<>();
            reportContentType(location, response, complaints);
            List<JsonWebKey> keys = parseKeySet(location, response.getBody(), complaints);
            report(complaints);
            Duration ttl = ttl(response);
            Snapshot old = snapshot;
            long generation = old == null ? 0 : sameKeys(old.keys(), keys) ? old.generation() : old.generation() + 1;
            snapshot = new Snapshot(keys, now, now.plus(ttl), generation);
            if (failing) {
                LOG.log(Level.INFO, "jwtgate: the keys of issuer {0} are available again from {1}", issuer.issuer(), location);
            }
            failing = false;
            metrics.fetched(FetchResult.OK, System.nanoTime() - start);
        } catch (JwksFetchException e) {
            metrics.fetched(e.result(), System.nanoTime() - start);
            failed(now, e.getMessage());
        } catch (IOException | RuntimeException e) {
            metrics.fetched(FetchResult.ERROR, System.nanoTime() - start);
            failed(now, "fetching " + getLocation() + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean sameKeys(List<JsonWebKey> a, List<JsonWebKey> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonWebKey x = a.get(i);
            JsonWebKey y = b.get(i);
            if (!Objects.equals(x.getKeyId(), y.getKeyId()) || !Objects.equals(x.getAlgorithm(), y.getAlgorithm())
                    || !x.getKey().equals(y.getKey())) {
                return false;
            }
        }
        return true;
    }

    private void failed(Instant now, String problem) {
        Snapshot s = snapshot;
        if (!failing) {
            String consequence = s != null && usable(s, now)
                    ? "the cached keys keep serving until " + s.freshUntil().plus(maxStaleness) + " (jwks-max-staleness)"
                    : "no usable keys are cached, so tokens of this issuer get 503 until it recovers";
            LOG.log(Level.WARNING, "jwtgate: cannot refresh the keys of issuer {0}: {1}; {2}; retrying at most every {3}s",
                    issuer.issuer(), problem, consequence, refreshInterval.toSeconds());
        } else {
            LOG.log(Level.DEBUG, "jwtgate: still cannot refresh the keys of issuer {0}: {1}", issuer.issuer(), problem);
        }
        failing = true;
    }

    private String location() throws IOException {
        String l = jwksLocation;
        if (l != null) {
            return l;
        }
        String uri = Discovery.jwksUri(issuer, get, allowHttp, allowCrossOrigin);
        jwksLocation = uri;
        LOG.log(Level.INFO, "jwtgate: discovered the JWKS of issuer {0} at {1}", issuer.issuer(), uri);
        return uri;
    }

    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private void reportContentType(String location, SimpleResponse response, List<String> complaints) {
        List<String> types = response.getHeaderValues("content-type");
        String type = types == null || types.isEmpty() ? "" : types.get(0).toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json") && !type.startsWith("application/jwk-set+json")) {
            complaints.add(MessageFormat.format("jwtgate: the JWK Set of issuer {0} at {1} is served as ''{2}'', not "
                    + "application/json (RFC 7517 §8.5); it is read as JSON anyway", issuer.issuer(), location,
                    type.isEmpty() ? "(no content type)" : type.replaceAll("[^\\x20-\\x7e]", "?")));
        }
    }

    /**
     * Logs what is wrong with the key set just fetched, as a WARNING when it differs from what the
     * previous fetch was reported for (a key set that changed, or the first fetch), else at DEBUG: an
     * issuer that always publishes an encryption key (every Keycloak realm does) is reported once, not
     * on every refresh. Under the lock.
     */
    private void report(List<String> complaints) {
        Level level = complaints.equals(reported) ? Level.DEBUG : Level.WARNING;
        for (String complaint : complaints) {
            LOG.log(level, complaint);
        }
        reported = List.copyOf(complaints);
    }

    private List<JsonWebKey> parseKeySet(String location, String body, List<String> complaints) throws JwksFetchException {
        Map<String, Object> doc;
        try {
            doc = JsonUtil.parseJson(body);
        } catch (JoseException | RuntimeException | StackOverflowError e) {
            throw new JwksFetchException(FetchResult.NOT_A_JWK_SET, "the document at " + location + " is not valid JSON");
        }
        if (doc == null || !(doc.get("keys") instanceof List<?> raw)) {
            throw new JwksFetchException(FetchResult.NOT_A_JWK_SET, "the document at " + location
                    + " is not a JWK Set: it has no \"keys\" array (RFC 7517 §5); check the JWKS URI");
        }
        List<JsonWebKey> keys = new ArrayList<>();
        int ignored = 0;
        int leaking = 0;
        java.util.Set<String> kids = new java.util.HashSet<>();
        int sharedKids = 0;
        for (Object o : raw) {
            Map<?, ?> member = o instanceof Map<?, ?> m ? m : null;
            if (member != null && PRIVATE_MEMBERS.stream().anyMatch(member::containsKey)) {
                leaking++;
                Map<Object, Object> publicOnly = new java.util.LinkedHashMap<>(member);
                PRIVATE_MEMBERS.forEach(publicOnly::remove); // never hold what an issuer should not have sent
                member = publicOnly;
            }
            JsonWebKey jwk = member != null ? toVerificationKey(member) : null;
            if (jwk == null) {
                ignored++;
            } else {
                keys.add(jwk);
                if (jwk.getKeyId() != null && !kids.add(jwk.getKeyId())) {
                    sharedKids++;
                }
            }
        }
        if (leaking > 0) {
            complaints.add(MessageFormat.format("jwtgate: the JWK Set of issuer {0} at {1} publishes private key members in {2} key(s): "
                    + "the issuer is leaking its signing keys and must rotate them; only the public members are kept",
                    issuer.issuer(), location, leaking));
        }
        if (sharedKids > 0) {
            complaints.add(MessageFormat.format("jwtgate: the JWK Set of issuer {0} at {1} has {2} key(s) reusing another key''s kid "
                    + "(RFC 7517 §4.5); a token naming such a kid is checked against one of them only",
                    issuer.issuer(), location, sharedKids));
        }
        if (ignored > 0) {
            complaints.add(MessageFormat.format("jwtgate: ignored {0} of {1} keys of issuer {2} at {3}: only public signature keys "
                    + "(RSA of 2048 bits or more, EC, OKP) are used; symmetric, encryption-only, weak and unparseable keys are not",
                    ignored, raw.size(), issuer.issuer(), location));
        }
        if (keys.isEmpty()) {
            complaints.add(MessageFormat.format("jwtgate: the JWK Set of issuer {0} at {1} holds no usable signature key",
                    issuer.issuer(), location));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static JsonWebKey toVerificationKey(Map<?, ?> member) {
        // member holds public members only (private ones were removed by the caller)
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk((Map<String, Object>) member);
            if (!(jwk instanceof PublicJsonWebKey)) {
                return null; // oct: HMAC is never accepted with a JWKS
            }
            if (jwk.getUse() != null && !jwk.getUse().equals("sig")) {
                return null;
            }
            if (jwk.getKeyOps() != null && !jwk.getKeyOps().contains("verify")) {
                return null;
            }
            if (jwk instanceof RsaJsonWebKey rsa && rsa.getRsaPublicKey().getModulus().bitLength() < MIN_RSA_BITS) {
                return null;
            }
            return jwk;
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }

    private Duration ttl(SimpleResponse response) {
        Duration ttl = defaultTtl;
        List<String> values = response.getHeaderValues("cache-control");
        if (values != null) {
            for (String value : values) {
                for (String directive : value.toLowerCase(Locale.ROOT).split(",")) {
                    String d = directive.strip();
                    if (d.equals("no-cache") || d.equals("no-store")) {
                        ttl = Duration.ZERO;
                    } else if (d.startsWith("max-age=")) {
                        try {
                            ttl = Duration.ofSeconds(Long.parseLong(d.substring(8).replace("\"", "").strip()));
                        } catch (NumberFormatException ignored) {
                            // keep the default
                        }
                    }
                }
            }
        }
        if (ttl.compareTo(minTtl) < 0) {
            return minTtl;
        }
        return ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl;
    }
}
