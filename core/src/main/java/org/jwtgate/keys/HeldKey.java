package org.jwtgate.keys;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.internal.KeyChecks;

/**
 * A key pair a {@link TenantKeyStore} holds for a tenant: its {@code kid}, when it becomes the signing
 * key, the private key and its self-signed certificate. What a store needs to turn a
 * {@link RotationPolicy.Plan} into what it publishes and signs with, the same way in every store.
 */
public interface HeldKey {
    String kid();

    Instant activeFrom();

    PrivateKey privateKey();

    X509Certificate certificate();

    /** The schedule's view of keys: identity and activation time. */
    static List<RotationPolicy.Timed> timed(Collection<? extends HeldKey> keys) {
        List<RotationPolicy.Timed> timed = new ArrayList<>(keys.size());
        for (HeldKey k : keys) {
            timed.add(new RotationPolicy.Timed(k.kid(), k.activeFrom()));
        }
        return timed;
    }

    /**
     * A tenant's keys with the rotation schedule applied to them.
     *
     * @param keys the keys by kid
     * @param plan the schedule applied to {@code keys}
     */
    record Scheduled(Map<String, ? extends HeldKey> keys, RotationPolicy.Plan plan) {
        /** The keys the plan publishes, in its order, with their states. */
        public List<PublishedKey> published() {
            List<PublishedKey> out = new ArrayList<>();
            for (RotationPolicy.Entry e : plan.published()) {
                HeldKey k = keys.get(e.kid());
                out.add(new PublishedKey(k.kid(), KeyChecks.algorithm(k.certificate().getPublicKey()), e.state(),
                        k.certificate().getPublicKey(), List.of(k.certificate()), e.activeFrom(), e.retiredAt()));
            }
            return List.copyOf(out);
        }

        /** The plan's active key, to sign with. */
        public SigningKey signing() {
            HeldKey k = keys.get(plan.active().orElseThrow().kid());
            return new SigningKey(k.kid(), KeyChecks.algorithm(k.certificate().getPublicKey()), k.privateKey());
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Scheduled that
                    && Objects.equals(keys, that.keys)
                    && Objects.equals(plan, that.plan);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(keys, plan);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }
}
