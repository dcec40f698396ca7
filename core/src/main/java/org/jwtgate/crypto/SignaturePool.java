package org.jwtgate.crypto;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reusable JCA {@link Signature} objects of one algorithm (with its parameters) on one provider, for
 * verification with one key. jose4j makes a new {@code Signature} per token ({@code Signature.getInstance}, the PSS
 * parameters set again, the provider's native context allocated again: about a third of an RS256
 * verification on the Amazon Corretto Crypto Provider). A {@code Signature} is a state machine that
 * {@code initVerify} puts back at its start whatever came before, and that {@code verify} returns to
 * that state; so one is taken from the pool by one thread only, used for one whole
 * {@code initVerify}, {@code update}, {@code verify}, and given back only when none of these threw (one
 * that threw is dropped). Taken and given back without locks; a thread that finds none makes one.
 */
final class SignaturePool {
    private static final int SLOTS = Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    private static final int PROBES = 4;

    private final String javaAlgorithm;
    private final AlgorithmParameterSpec params;
    private final String provider;
    private final AtomicReferenceArray<Signature> free = new AtomicReferenceArray<>(SLOTS);
    private final AtomicInteger created = new AtomicInteger();

    /**
     * @param provider a registered provider's name, or {@code null} for the JVM's default choice; a pool is
     *     meant for one key object ({@link SignatureEngine#verify} says why)
     */
    SignaturePool(String javaAlgorithm, AlgorithmParameterSpec params, String provider) {
        this.javaAlgorithm = javaAlgorithm;
        this.params = params;
        this.provider = provider;
    }

    /**
     * Whether {@code signature} is a valid signature of {@code input} with {@code key}: {@code false} for
     * a signature the provider cannot even read ({@link SignatureException}), as jose4j answers.
     *
     * @throws GeneralSecurityException when the key is refused ({@code InvalidKeyException}) or the
     *     algorithm cannot be had
     */
    boolean verify(PublicKey key, byte[] input, byte[] signature) throws GeneralSecurityException {
        int slot = (int) (Thread.currentThread().getId() % SLOTS);
        Signature s = take(slot);
        boolean valid;
        try {
            s.initVerify(key);
            s.update(input);
            valid = s.verify(signature);
        } catch (SignatureException e) {
            return false; // dropped, not given back
        }
        giveBack(slot, s);
        return valid;
    }

    /** How many {@code Signature} objects this pool has made. */
    int created() {
        return created.get();
    }

    private Signature take(int slot) throws GeneralSecurityException {
        for (int i = 0; i < PROBES; i++) {
            Signature s = free.getAndSet((slot + i) % SLOTS, null);
            if (s != null) {
                return s;
            }
        }
        Signature s = provider == null ? Signature.getInstance(javaAlgorithm) : Signature.getInstance(javaAlgorithm, provider);
        if (params != null) {
            try {
                s.setParameter(params);
            } catch (UnsupportedOperationException e) {
                // as jose4j: a provider without parameters for this algorithm verifies with its defaults
            }
        }
        created.incrementAndGet();
        return s;
    }

    private void giveBack(int slot, Signature s) {
        for (int i = 0; i < PROBES; i++) {
            if (free.compareAndSet((slot + i) % SLOTS, null, s)) {
                return;
            }
        }
    }
}
