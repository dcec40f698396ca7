package org.jwtgate.dpop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jwtgate.internal.RecordMethods;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) that need no shared state between nodes: the nonce of a
 * time slot ({@code dpop-nonce-lifetime} long) is the base64url HMAC-SHA256 of the slot's number under a
 * secret. Nodes configured with the same {@code dpop-nonce-secret} hand out and accept the same nonces;
 * without one, each engine draws a random secret and its nonces are its own (behind a load balancer the
 * nodes then need sticky sessions). A nonce is handed out during its slot and accepted during that slot
 * and the next, so a nonce is good for at least one lifetime and at most two. Thread-safe.
 */
public final class DpopNonces {
    private static final String MAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final long slotMillis;
    private final Clock clock;
    private volatile Slot slot;

    /** The nonces of one slot and of the one before it. */
    private record Slot(long number, String current, String previous) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Slot that
                    && number == that.number
                    && Objects.equals(current, that.current)
                    && Objects.equals(previous, that.previous);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(number, current, previous);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /**
     * @param secret the shared secret, or null for a random one (this engine's own nonces)
     * @param lifetime how long one nonce is handed out
     */
    public DpopNonces(String secret, Duration lifetime, Clock clock) {
        byte[] bytes;
        if (secret == null) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        this.key = new SecretKeySpec(bytes, MAC);
        this.slotMillis = lifetime.toMillis();
        this.clock = clock;
    }

    /** The nonce to hand out now, for the {@code DPoP-Nonce} header. */
    public String current() {
        return slot().current;
    }

    /** Whether {@code nonce}, a proof's {@code nonce} claim, is one handed out in this slot or the previous one. */
    public boolean accepts(String nonce) {
        Slot s = slot();
        byte[] given = nonce.getBytes(StandardCharsets.US_ASCII);
        // Both compared, in constant time: the comparison tells nothing about how close a guess came.
        boolean current = MessageDigest.isEqual(given, s.current.getBytes(StandardCharsets.US_ASCII));
        boolean previous = MessageDigest.isEqual(given, s.previous.getBytes(StandardCharsets.US_ASCII));
        return current | previous;
    }

    private Slot slot() {
        long number = Math.floorDiv(clock.millis(), slotMillis);
        Slot s = slot;
        if (s == null || s.number != number) {
            s = new Slot(number, nonce(number), s != null && s.number == number - 1 ? s.current : nonce(number - 1));
            slot = s;
        }
        return s;
    }

    private String nonce(long number) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            mac.update("jwtgate DPoP nonce ".getBytes(StandardCharsets.US_ASCII));
            byte[] tag = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(number).array());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
