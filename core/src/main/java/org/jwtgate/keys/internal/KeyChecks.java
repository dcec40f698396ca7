package org.jwtgate.keys.internal;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECFieldFp;
import java.security.spec.EllipticCurve;
import java.util.Optional;
import org.jose4j.keys.EllipticCurves;

/**
 * What jwtgate accepts as a tenant signing key: RSA with a modulus of at least 2048 bits and an odd
 * public exponent of at least 65537; EC on P-256, P-384 or P-521 with the point on the curve; Ed25519.
 * Everything else is refused, with a reason that names no key material.
 */
public final class KeyChecks {
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    private KeyChecks() {
    }

    /** Why {@code key} is refused, or empty when it is acceptable. */
    public static Optional<String> problem(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                return Optional.of("RSA key of " + bits + " bits is too weak (at least 2048)");
            }
            BigInteger e = rsa.getPublicExponent();
            if (e.compareTo(F4) < 0 || !e.testBit(0) || e.compareTo(rsa.getModulus()) >= 0) {
                return Optional.of("RSA public exponent is unsafe (must be odd, at least 65537)");
            }
            return Optional.empty();
        }
        if (key instanceof ECPublicKey ec) {
            String curve = curveName(ec.getParams());
            if (curve == null) {
                return Optional.of("EC key is not on P-256, P-384 or P-521");
            }
            return onCurve(ec.getW(), ec.getParams().getCurve()) ? Optional.empty()
                    : Optional.of("EC public point is not on " + curve);
        }
        if (key instanceof EdECPublicKey ed) {
            return "Ed25519".equalsIgnoreCase(ed.getParams().getName()) ? Optional.empty()
                    : Optional.of(ed.getParams().getName() + " keys are not supported (use Ed25519)");
        }
        return Optional.of((key == null ? "null" : key.getAlgorithm()) + " keys are not supported");
    }

    /**
     * The JWS {@code alg} (RFC 7518 §3.1, RFC 8037 §3.1) jwtgate signs with for an acceptable key:
     * RS256, ES256/ES384/ES512 by curve, EdDSA.
     */
    public static String algorithm(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return "RS256";
        }
        if (key instanceof ECPublicKey ec) {
            String curve = curveName(ec.getParams());
            if (EllipticCurves.P_256.equals(curve)) {
                return "ES256";
            }
            if (EllipticCurves.P_384.equals(curve)) {
                return "ES384";
            }
            if (EllipticCurves.P_521.equals(curve)) {
                return "ES512";
            }
        }
        if (key instanceof EdECPublicKey) {
            return "EdDSA";
        }
        throw new IllegalArgumentException("unsupported key");
    }

    /** P-256, P-384 or P-521 when the parameters are exactly that curve's, else null. */
    static String curveName(ECParameterSpec spec) {
        for (ECParameterSpec known : new ECParameterSpec[] {EllipticCurves.P256, EllipticCurves.P384, EllipticCurves.P521}) {
            if (known.getCurve().equals(spec.getCurve()) && known.getGenerator().equals(spec.getGenerator())
                    && known.getOrder().equals(spec.getOrder()) && known.getCofactor() == spec.getCofactor()) {
                return EllipticCurves.getName(known.getCurve());
            }
        }
        return null;
    }

    /** y² = x³ + ax + b (mod p), with both coordinates in [0, p). Cofactor 1: on the curve is in the group. */
    static boolean onCurve(ECPoint w, EllipticCurve curve) {
        if (w == null || ECPoint.POINT_INFINITY.equals(w) || !(curve.getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = w.getAffineX();
        BigInteger y = w.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return left.equals(right);
    }
}
