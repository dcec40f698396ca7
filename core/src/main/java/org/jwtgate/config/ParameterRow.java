package org.jwtgate.config;

import java.util.function.BiConsumer;

/**
 * One row of a table of named parameters: its name, documented default, whether its value is a
 * secret (never shown in errors), and the parser that applies a value to a builder of type
 * {@code B}. Tables are parsed by {@link Values#apply}.
 */
public interface ParameterRow<B> {
    String name();

    String defaultValue();

    boolean secret();

    String description();

    BiConsumer<B, String> apply();
}
