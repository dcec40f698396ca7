/**
 * Certificate-bound access tokens (RFC 8705 §3): a token whose {@code cnf.x5t#S256} names a client
 * certificate is accepted only over a request that presented that certificate, read from the
 * container's TLS connection or, only from configured proxy addresses, from the RFC 9440
 * {@code Client-Cert} header. The engine checks it with DPoP's binding, after the token's own
 * validation, in {@link org.jwtgate.dpop.SenderConstraint}.
 */
package org.jwtgate.mtls;
