package org.jwtgate.bench;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

/**
 * Many distinct valid ES256 access tokens for a cold-cache load: the claims {@link HttpLoad}'s other tokens
 * carry, each token with its own {@code jti}, signed (on the Amazon Corretto Crypto Provider, for speed: a
 * signature is a signature) in parallel.
 */
final class ColdTokens {
    private ColdTokens() {
    }

    static List<String> mint(PublicJsonWebKey key, String issuer, String audience, int count) throws Exception {
        Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        accp.getClass().getMethod("assertHealthy").invoke(accp);
        PrivateKey signing = key.getPrivateKey();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + key.getKeyId() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        String[] out = new String[count];
        ThreadLocal<Signature> signers = ThreadLocal.withInitial(() -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA", accp);
                s.initSign(signing);
                return s;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        IntStream.range(0, count).parallel().forEach(i -> {
            String payload = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience
                    + "\",\"sub\":\"4f1c2a9e-bench-user\",\"iat\":" + now + ",\"exp\":" + (now + 7200)
                    + ",\"scope\":\"orders:read orders:write profile\",\"groups\":[\"staff\",\"orders-manager\"],"
                    + "\"client_id\":\"bench-client\",\"jti\":\"cold-" + i + "\"}").getBytes(StandardCharsets.UTF_8));
            String input = header + "." + payload;
            try {
                Signature s = signers.get();
                s.update(input.getBytes(StandardCharsets.US_ASCII));
                out[i] = input + "." + b64.encodeToString(EcdsaUsingShaAlgorithm.convertDerToConcatenated(s.sign(), 64));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new ArrayList<>(List.of(out));
    }
}
