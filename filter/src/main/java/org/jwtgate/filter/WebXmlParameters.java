package org.jwtgate.filter;

import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jwtgate.config.ConfigException;

/**
 * jwtgate's parameters as {@code web.xml} gives them: a component's own init-params, then the
 * application's {@value #CONTEXT_PARAM_PREFIX}{@code <name>} context-params for names not given as
 * init-params. Shared by the servlet filter and the Jakarta Authentication module's listener.
 */
public final class WebXmlParameters {
    /** Prefix of the context-params that carry jwtgate parameters. */
    public static final String CONTEXT_PARAM_PREFIX = "jwtgate.";

    private WebXmlParameters() {
    }

    /**
     * {@code initParams}, then the {@code jwtgate.*} context-params of {@code context} (may be null)
     * for names not among them; the names taken from the context are added to {@code fromContext}.
     */
    public static Map<String, String> of(Map<String, String> initParams, ServletContext context,
            Set<String> fromContext) {
        Map<String, String> values = new LinkedHashMap<>(initParams);
        if (context != null) {
            for (String name : Collections.list(context.getInitParameterNames())) {
                if (name.startsWith(CONTEXT_PARAM_PREFIX)) {
                    String key = name.substring(CONTEXT_PARAM_PREFIX.length());
                    if (!values.containsKey(key)) {
                        values.put(key, context.getInitParameter(name));
                        fromContext.add(key);
                    }
                }
            }
        }
        return values;
    }

    /** The message of {@code e}, naming the context-param when the parameter came from one. */
    public static String describe(ConfigException e, Set<String> fromContext) {
        return fromContext.contains(e.parameter())
                ? e.getMessage() + " (from context-param '" + CONTEXT_PARAM_PREFIX + e.parameter() + "')"
                : e.getMessage();
    }
}
