package org.jwtgate.config;

/**
 * A configuration problem: an unknown parameter, a bad value, a missing required value. Adapters
 * let it stop deployment. The message names the parameter and, unless the parameter is secret, the
 * value.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public ConfigException(String parameter, String message) {
        super("jwtgate: parameter '" + parameter + "': " + message);
        this.parameter = parameter;
    }

    /** The parameter at fault. */
    public String parameter() {
        return parameter;
    }
}
