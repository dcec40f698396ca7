package org.jwtgate.filter;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.MicroProfileConfig;

/**
 * jwtgate's parameters as a web application gives them, in this order of precedence:
 * <ol>
 * <li>a component's own init-params;</li>
 * <li>the application's {@value #CONTEXT_PARAM_PREFIX}{@code <name>} context-params (shared by every
 * filter and the JAX-RS feature);</li>
 * <li>with {@link #withMicroProfileConfig}: MicroProfile Config's {@code jwtgate.<name>}, where the
 * server has MicroProfile Config (Payara): its system-property and environment sources,
 * {@code microprofile-config.properties}, and whatever the server adds.</li>
 * </ol>
 * web.xml wins over MicroProfile Config because it is what this application says about itself,
 * while MicroProfile Config's common sources are the whole JVM's: a {@code -Djwtgate.mode=optional}
 * meant for one application of a Payara server must not weaken another that chose
 * {@code required} in its web.xml. Which names came from MicroProfile Config is logged (never
 * their values); {@link #describe} names the place a bad value came from. Shared by the servlet
 * filter, {@link JwtGateListener} and the Jakarta Authentication module's listener.
 */
public final class WebXmlParameters {
    /** Prefix of the context-params (and MicroProfile Config keys) that carry jwtgate parameters. */
    public static final String CONTEXT_PARAM_PREFIX = "jwtgate.";

    private static final System.Logger LOG = System.getLogger(WebXmlParameters.class.getName());

    private WebXmlParameters() {
    }

    /**
     * {@code initParams}, then the {@code jwtgate.*} context-params of {@code context} (may be null)
     * for names not among them; the names taken from the context are added to {@code fromContext}.
     *
     * @param initParams the component's own init-params
     * @param context the servlet context, or null
     * @param fromContext receives the names taken from context-params
     * @return the parameters, by name without the {@code jwtgate.} prefix
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

    /**
     * As {@link #of}, then MicroProfile Config's {@code jwtgate.<name>} (through the application's
     * class loader) for the filter parameters that web.xml leaves open ({@link MicroProfileConfig#parameters}:
     * the {@code [PATTERN]} forms of the step-up parameters included); the names taken from it are added to
     * {@code fromMicroProfile} and logged for {@code component} (no values).
     *
     * @param component what the parameters are for, as the log line names it
     * @param initParams the component's own init-params
     * @param context the servlet context, or null
     * @param fromContext receives the names taken from context-params
     * @param fromMicroProfile receives the names taken from MicroProfile Config
     * @return the parameters, by name without the {@code jwtgate.} prefix
     */
    public static Map<String, String> withMicroProfileConfig(String component, Map<String, String> initParams,
            ServletContext context, Set<String> fromContext, Set<String> fromMicroProfile) {
        Map<String, String> values = of(initParams, context, fromContext);
        if (context != null) {
            MicroProfileConfig.find(context.getClassLoader()).ifPresent(mp ->
                    mp.parameters(CONTEXT_PARAM_PREFIX, values.keySet()).forEach((name, value) -> {
                        values.put(name, value);
                        fromMicroProfile.add(name);
                    }));
            if (!fromMicroProfile.isEmpty()) {
                LOG.log(Level.INFO, "jwtgate: {0} takes {1} from MicroProfile Config", component,
                        String.join(", ", fromMicroProfile.stream().map(n -> CONTEXT_PARAM_PREFIX + n).toList()));
            }
        }
        return values;
    }

    /**
     * The message of {@code e}, naming the context-param when the parameter came from one.
     *
     * @param e the configuration failure
     * @param fromContext the names taken from context-params
     * @return the message for the log line
     */
    public static String describe(ConfigException e, Set<String> fromContext) {
        return describe(e, fromContext, Set.of());
    }

    /**
     * The message of {@code e}, naming the context-param or MicroProfile Config key its value came from.
     *
     * @param e the configuration failure
     * @param fromContext the names taken from context-params
     * @param fromMicroProfile the names taken from MicroProfile Config
     * @return the message for the log line
     */
    public static String describe(ConfigException e, Set<String> fromContext, Set<String> fromMicroProfile) {
        if (fromContext.contains(e.parameter())) {
            return e.getMessage() + " (from context-param '" + CONTEXT_PARAM_PREFIX + e.parameter() + "')";
        }
        if (fromMicroProfile.contains(e.parameter())) {
            return e.getMessage() + " (from MicroProfile Config '" + CONTEXT_PARAM_PREFIX + e.parameter() + "')";
        }
        return e.getMessage();
    }
}
