package org.jwtgate.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Resolves placeholders in configuration values, so that secrets and per-environment values stay out
 * of web.xml. Three forms, each with an optional default after a second colon:
 * <ul>
 * <li>{@code ${env:NAME}}, {@code ${env:NAME:default}}: the environment variable {@code NAME};</li>
 * <li>{@code ${sys:name}}, {@code ${sys:name:default}}: the system property {@code name};</li>
 * <li>{@code ${prop-or-env:NAME}}, {@code ${prop-or-env:NAME:default}}: the system property
 * {@code NAME} if it is set, else the environment variable {@code NAME}, else the environment
 * variable named by MicroProfile Config's rule ({@link #environmentName}: every character other than
 * a letter, a digit or {@code _} becomes {@code _}, then upper case), so {@code jwtgate.key-password}
 * is also found as {@code JWTGATE_KEY_PASSWORD}. This is the form for values an operator sets per
 * server: {@code asadmin create-jvm-options -DJWTGATE_KEY_PASSWORD=…} and Tomcat's
 * {@code CATALINA_OPTS=-DJWTGATE_KEY_PASSWORD=…} both feed it, and so does the environment.</li>
 * </ul>
 * The default is everything after the second colon (it may itself contain colons, as URLs do); an
 * empty default ({@code ${env:NAME:}}) means "unset". A placeholder that finds nothing and has no
 * default is a {@link ConfigException} naming the parameter and what was looked for, never a value.
 */
public final class Placeholders {
    /** The form that reads a system property, then the environment. */
    public static final String PROP_OR_ENV = "prop-or-env";

    private final UnaryOperator<String> env;
    private final UnaryOperator<String> sys;

    /** Resolution against the given lookups (a test seam). */
    public Placeholders(UnaryOperator<String> env, UnaryOperator<String> sys) {
        this.env = Objects.requireNonNull(env, "env");
        this.sys = Objects.requireNonNull(sys, "sys");
    }

    /** Resolution against the process environment and system properties. */
    public static Placeholders system() {
        return new Placeholders(System::getenv, System::getProperty);
    }

    /**
     * The environment variable MicroProfile Config would read for {@code name} (MicroProfile Config
     * 3.1 §5.3.1, its last step): {@code jwtgate.key-password} → {@code JWTGATE_KEY_PASSWORD}.
     */
    public static String environmentName(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
    }

    /** Resolves every placeholder in {@code value}; a missing variable without default is an error. */
    public String resolve(String parameter, String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw new ConfigException(parameter,
                        "unterminated placeholder (expected ${env:NAME}, ${sys:name} or ${prop-or-env:NAME})");
            }
            out.append(value, i, start);
            out.append(lookup(parameter, value.substring(start + 2, end)));
            i = end + 1;
        }
        return out.toString();
    }

    private String lookup(String parameter, String expr) {
        int colon = expr.indexOf(':');
        if (colon < 0) {
            throw new ConfigException(parameter, "placeholder '${" + expr + "}' must start with env:, sys: or "
                    + PROP_OR_ENV + ":");
        }
        String kind = expr.substring(0, colon);
        String rest = expr.substring(colon + 1);
        int def = rest.indexOf(':');
        String name = def < 0 ? rest : rest.substring(0, def);
        String fallback = def < 0 ? null : rest.substring(def + 1);
        if (name.isEmpty()) {
            throw new ConfigException(parameter, "placeholder '${" + expr + "}' names no variable");
        }
        String found = switch (kind) {
            case "env" -> env.apply(name);
            case "sys" -> sys.apply(name);
            case PROP_OR_ENV -> propOrEnv(name);
            default -> throw new ConfigException(parameter,
                    "placeholder '${" + expr + "}' must start with env:, sys: or " + PROP_OR_ENV + ":");
        };
        if (found != null) {
            return found;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new ConfigException(parameter, switch (kind) {
            case "env" -> "environment variable '" + name + "' is not set";
            case "sys" -> "system property '" + name + "' is not set";
            default -> "neither system property '" + name + "' nor environment variable '" + name + "'"
                    + (environmentName(name).equals(name) ? "" : " or '" + environmentName(name) + "'") + " is set";
        } + " and the placeholder has no default");
    }

    private String propOrEnv(String name) {
        String v = sys.apply(name);
        if (v == null) {
            v = env.apply(name);
        }
        String mapped = environmentName(name);
        if (v == null && !mapped.equals(name)) {
            v = env.apply(mapped);
        }
        return v;
    }
}
