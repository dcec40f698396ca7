package org.jwtgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.error.RfcCharset;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.tenant.TenantId;

/**
 * What an application says about itself as an OAuth 2.0 protected resource (RFC 9728), beside what the
 * engine's configuration already says (issuers, DPoP): its resource identifier and the optional members
 * of its metadata. Checked when built, so that a bad value fails the deployment.
 *
 * @param resource the resource identifier (RFC 9728 §1.2): an absolute {@code https} URL without
 *     query, fragment or user information
 * @param scopes {@code scopes_supported}; empty: left out
 * @param authorizationServers {@code authorization_servers}; empty: the engine's configured issuers
 * @param jwksUri {@code jwks_uri}, an absolute {@code https} URL
 * @param signingAlgorithms {@code resource_signing_alg_values_supported}; empty: left out (jwtgate signs no
 *     resource responses; an application that does names its algorithms)
 * @param signingTenant the tenant of the application's JWKS servlet whose active key signs
 *     {@code signed_metadata} (RFC 9728 §2.2); empty: no signed metadata
 */
public record ResourceMetadataConfig(URI resource, List<String> scopes, List<String> authorizationServers,
        Optional<URI> jwksUri, List<String> signingAlgorithms, Optional<TenantId> signingTenant) {

    /** The well-known path suffix of RFC 9728 §3 and §6.1. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    public ResourceMetadataConfig {
        scopes = List.copyOf(scopes);
        authorizationServers = List.copyOf(authorizationServers);
        signingAlgorithms = List.copyOf(signingAlgorithms);
        for (String s : scopes) {
            if (!RfcCharset.isScopeToken(s)) {
                throw new ConfigException(Parameters.RESOURCE_SCOPES, "'" + s + "' is not a scope token (RFC 6749 §3.3)");
            }
        }
        for (String a : authorizationServers) {
            httpsUrl(Parameters.RESOURCE_AUTHORIZATION_SERVERS, a);
        }
        for (String alg : signingAlgorithms) {
            if (!GateConfig.DEFAULT_ALGORITHMS.contains(alg)) {
                throw new ConfigException(Parameters.RESOURCE_SIGNING_ALGS, "'" + alg + "' is not an asymmetric JWS algorithm");
            }
        }
    }

    /**
     * The resource identifier {@code value} checked (RFC 9728 §1.2: {@code https}, no fragment; jwtgate also
     * refuses a query and user information, which the metadata URL of §3.1 would have to carry).
     *
     * @throws ConfigException naming {@code parameter} and the value
     */
    public static URI httpsUrl(String parameter, String value) {
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(parameter, "'" + value + "' is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") || u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null
                || u.getRawFragment() != null || !RfcCharset.isErrorText(value)) {
            throw new ConfigException(parameter, "'" + value + "' is not an absolute https URL without user, query or fragment");
        }
        return u;
    }

    /**
     * The URL of the metadata (RFC 9728 §3.1): the well-known suffix inserted between the host
     * component and the path of the resource identifier, a terminating slash removed first; the
     * {@code resource_metadata} of every challenge (§5.1).
     */
    public String metadataUrl() {
        return origin() + WELL_KNOWN + resourcePath();
    }

    /** The path of the resource identifier without a terminating slash: what follows the suffix in the metadata URL. */
    public String resourcePath() {
        String path = resource.getRawPath() == null ? "" : resource.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private String origin() {
        String s = resource.toString();
        String path = resource.getRawPath() == null ? "" : resource.getRawPath();
        return s.substring(0, s.length() - path.length());
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ResourceMetadataConfig that
                && Objects.equals(resource, that.resource)
                && Objects.equals(scopes, that.scopes)
                && Objects.equals(authorizationServers, that.authorizationServers)
                && Objects.equals(jwksUri, that.jwksUri)
                && Objects.equals(signingAlgorithms, that.signingAlgorithms)
                && Objects.equals(signingTenant, that.signingTenant);
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(resource, scopes, authorizationServers, jwksUri, signingAlgorithms, signingTenant);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
