package org.jwtgate.config;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Resolves {@code ${env:NAME}}, {@code ${sys:name}} and their {@code ${env:NAME:default}} forms in
 * configuration values, so that secrets and per-environment values stay out of web.xml.
 */
public final class Placeholders {
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
                throw new ConfigException(parameter, "unterminated placeholder (expected ${env:NAME} or ${sys:name})");
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
            throw new ConfigException(parameter, "placeholder '${" + expr + "}' must start with env: or sys:");
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
            default -> throw new ConfigException(parameter,
                    "placeholder '${" + expr + "}' must start with env: or sys:");
        };
        if (found != null) {
            return found;
        }
        if (fallback != null) {
            return fallback;
        }
        throw new ConfigException(parameter, (kind.equals("env") ? "environment variable '" : "system property '")
                + name + "' is not set and the placeholder has no default");
    }
}
