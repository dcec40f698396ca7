/**
 * Sender-constrained tokens with DPoP (RFC 9449): the proof checks of §4.3, the replay store of §11.1,
 * and the binding of a token to the proof's key ({@code cnf.jkt}, §6.1). The engine calls
 * {@link org.jwtgate.dpop.SenderConstraint} once per request after the token's own validation, so a token
 * answered from the token cache is held to a fresh proof all the same.
 */
package org.jwtgate.dpop;
