package org.jwtgate.config;

/** What a protected path does with a request that carries no token. */
public enum Mode {
    /** No token → 401 with a bare Bearer challenge. The default. */
    REQUIRED,
    /** No token → the request goes on anonymously; a bad token is still refused. */
    OPTIONAL
}
