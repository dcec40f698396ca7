package org.jwtgate.mtls;

import java.security.cert.X509Certificate;
import java.util.List;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.MtlsMode;
import org.jwtgate.error.Reason;
import org.jwtgate.token.BearerRequest;

/**
 * The rule of RFC 8705 §3 for one engine: a token whose {@code cnf.x5t#S256} names a certificate is
 * accepted only when the request presented that very certificate (§3.1, the SHA-256 thumbprint of its
 * DER, {@link CertificateThumbprint}); with {@code mtls-bound-tokens=required}, every token must name one.
 *
 * <p>The certificate presented is the one of the TLS connection as the container reports it
 * ({@link BearerRequest#clientCertificate()}), except on a request whose peer address is in
 * {@code client-cert-trusted-proxies}: there, a TLS-terminating proxy speaks for the client, and the
 * certificate is the one of its RFC 9440 {@code Client-Cert} header (none when it sent none; a
 * malformed one is refused). From any other address the header is never read.
 */
public final class CertificateBinding {
    /** The confirmation member of a certificate-bound token (RFC 8705 §3.1). */
    public static final String CONFIRMATION_MEMBER = "x5t#S256";

    private final MtlsMode mode;
    private final List<AddressRange> trustedProxies;

    /** The rule {@code config} sets ({@code mtls-bound-tokens}, {@code client-cert-trusted-proxies}). */
    public CertificateBinding(GateConfig config) {
        this(config.mtlsBoundTokens(), config.clientCertTrustedProxies());
    }

    /** The rule for {@code mode}, reading the header from {@code trustedProxies} only. */
    public CertificateBinding(MtlsMode mode, List<AddressRange> trustedProxies) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Why a token bound to {@code thumbprint} (null: not certificate-bound) is refused on {@code request}
     * (null: a token obtained without a request, which presented no certificate), or null when it is not.
     */
    public Reason check(String thumbprint, BearerRequest request) {
        if (thumbprint == null) {
            return mode == MtlsMode.REQUIRED ? Reason.MTLS_BINDING_REQUIRED : null;
        }
        X509Certificate presented;
        try {
            presented = presented(request);
        } catch (ClientCertHeader.MalformedException e) {
            return Reason.MTLS_CERTIFICATE_MALFORMED;
        }
        if (presented == null) {
            return Reason.MTLS_CERTIFICATE_MISSING;
        }
        return CertificateThumbprint.same(thumbprint, CertificateThumbprint.of(presented)) ? null
                : Reason.MTLS_CERTIFICATE_MISMATCH;
    }

    /** The client certificate {@code request} presented, or null. */
    X509Certificate presented(BearerRequest request) throws ClientCertHeader.MalformedException {
        if (request == null) {
            return null;
        }
        if (fromTrustedProxy(request.remoteAddress())) {
            return ClientCertHeader.parse(request.headers(ClientCertHeader.NAME));
        }
        return request.clientCertificate();
    }

    private boolean fromTrustedProxy(String address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
