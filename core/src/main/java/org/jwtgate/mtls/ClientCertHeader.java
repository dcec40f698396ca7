package org.jwtgate.mtls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The RFC 9440 {@code Client-Cert} header a TLS-terminating proxy sends: one Structured Field Byte
 * Sequence (RFC 8941 §3.3.5), {@code :base64-of-DER:}, optionally surrounded by spaces, padding
 * optional (§4.2.7), no parameters. Anything else is malformed; nothing of it is ever echoed.
 */
public final class ClientCertHeader {
    /** The header's name (RFC 9440 §2.2). */
    public static final String NAME = "Client-Cert";
    /** Longer values are refused before decoding: a certificate chain's leaf is far smaller. */
    public static final int MAX_LENGTH = 16 * 1024;

    private ClientCertHeader() {
    }

    /** A header that is not one well-formed certificate. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException() {
            super("malformed Client-Cert header", null, false, false);
        }
    }

    /**
     * The certificate in the header's values (each line the request carried), or null when there is none.
     *
     * @throws MalformedException when there is more than one line, or the value is not a byte sequence of an X.509 certificate
     */
    public static X509Certificate parse(List<String> values) throws MalformedException {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new MalformedException();
        }
        return parse(values.get(0));
    }

    /** The certificate in one header value. */
    public static X509Certificate parse(String value) throws MalformedException {
        if (value == null || value.length() > MAX_LENGTH) {
            throw new MalformedException();
        }
        String v = strip(value);
        if (v.length() < 2 || v.charAt(0) != ':' || v.charAt(v.length() - 1) != ':') {
            throw new MalformedException();
        }
        String base64 = v.substring(1, v.length() - 1);
        for (int i = 0; i < base64.length(); i++) {
            char c = base64.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
            if (!ok) {
                throw new MalformedException();
            }
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedException();
        }
        if (der.length == 0) {
            throw new MalformedException();
        }
        try {
            java.security.cert.Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            // One certificate, the whole value: no trailing bytes after its DER.
            if (!(c instanceof X509Certificate x) || !java.util.Arrays.equals(x.getEncoded(), der)) {
                throw new MalformedException();
            }
            return x;
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedException();
        }
    }

    /** The value with RFC 8941 §4.2's leading and trailing spaces removed (SP only; OWS from the field lines). */
    private static String strip(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }

    /** The header value for {@code der}, as a proxy writes it: {@code :base64:} (for tests and tools). */
    public static String format(byte[] der) {
        return ":" + Base64.getEncoder().encodeToString(der) + ":";
    }
}
