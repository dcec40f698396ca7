/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728): the document an application serves about itself
 * as a resource server, from the engine's configuration, for every adapter alike; the
 * {@code resource_metadata} of the engine's challenges (§5.1) points at it.
 */
package org.jwtgate.metadata;
