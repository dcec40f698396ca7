package org.jwtgate;

/**
 * The names under which adapters store what they decided about a request: servlet request
 * attributes, which JAX-RS runtimes in a servlet container expose as request properties. One
 * adapter reads what another stored, so a token passing the servlet filter and the JAX-RS filter is
 * validated once and both answer the same.
 */
public final class RequestAttributes {
    /** The {@link Decision} taken for the request. */
    public static final String DECISION = "org.jwtgate.decision";
    /** The authenticated {@link JwtPrincipal}. */
    public static final String PRINCIPAL = "org.jwtgate.principal";
    /** The raw bearer token of an authenticated request, for propagation downstream; never log it. */
    public static final String TOKEN = "org.jwtgate.token";

    private RequestAttributes() {
    }
}
