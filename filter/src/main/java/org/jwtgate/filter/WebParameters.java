package org.jwtgate.filter;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.MicroProfileConfig;
import org.jwtgate.config.Parameters;

/**
 * The string parameters of one jwtgate filter, from the three places they may come from, in this
 * order of precedence:
 * <ol>
 * <li>the filter's init-params;</li>
 * <li>the application's context-params {@code jwtgate.<name>} (shared by every filter and the JAX-RS
 * feature);</li>
 * <li>MicroProfile Config's {@code jwtgate.<name>}, where the server has MicroProfile Config
 * (Payara): its system-property and environment sources, {@code microprofile-config.properties},
 * and whatever the server adds.</li>
 * </ol>
 * web.xml wins over MicroProfile Config because it is what this application says about itself,
 * while MicroProfile Config's common sources are the whole JVM's: a {@code -Djwtgate.mode=optional}
 * meant for one application of a Payara server must not weaken another that chose
 * {@code required} in its web.xml. Which names came from MicroProfile Config is logged (never
 * their values), and a {@link ConfigException} is described with the place its value came from.
 */
final class WebParameters {
    private static final System.Logger LOG = System.getLogger(WebParameters.class.getName());

    private final Map<String, String> values;
    private final Set<String> fromContext;
    private final Set<String> fromMicroProfile;

    private WebParameters(Map<String, String> values, Set<String> fromContext, Set<String> fromMicroProfile) {
        this.values = Collections.unmodifiableMap(values);
        this.fromContext = fromContext;
        this.fromMicroProfile = fromMicroProfile;
    }

    /** The parameters of the filter {@code filterName} with these init-params. */
    static WebParameters of(String filterName, Map<String, String> initParameters, ServletContext context) {
        Map<String, String> values = new LinkedHashMap<>(initParameters);
        Set<String> fromContext = new LinkedHashSet<>();
        Set<String> fromMicroProfile = new LinkedHashSet<>();
        if (context != null) {
            for (String name : Collections.list(context.getInitParameterNames())) {
                if (name.startsWith(JwtGateFilter.CONTEXT_PARAM_PREFIX)) {
                    String key = name.substring(JwtGateFilter.CONTEXT_PARAM_PREFIX.length());
                    if (!values.containsKey(key)) {
                        values.put(key, context.getInitParameter(name));
                        fromContext.add(key);
                    }
                }
            }
            ClassLoader loader = context.getClassLoader();
            MicroProfileConfig.find(loader).ifPresent(mp -> {
                List<String> missing = Parameters.names().stream()
                        .filter(n -> !n.equals(Parameters.JWKS_AUTHORIZATION_PER_ISSUER) && !values.containsKey(n))
                        .toList();
                mp.values(JwtGateFilter.CONTEXT_PARAM_PREFIX, missing).forEach((name, value) -> {
                    values.put(name, value);
                    fromMicroProfile.add(name);
                });
            });
            if (!fromMicroProfile.isEmpty()) {
                LOG.log(Level.INFO, "jwtgate: filter ''{0}'' takes {1} from MicroProfile Config", filterName,
                        String.join(", ", fromMicroProfile.stream().map(n -> JwtGateFilter.CONTEXT_PARAM_PREFIX + n).toList()));
            }
        }
        return new WebParameters(values, fromContext, fromMicroProfile);
    }

    Map<String, String> values() {
        return values;
    }

    /** The exception's message, plus where the parameter's value came from when not an init-param. */
    String describe(ConfigException e) {
        if (fromContext.contains(e.parameter())) {
            return e.getMessage() + " (from context-param '" + JwtGateFilter.CONTEXT_PARAM_PREFIX + e.parameter() + "')";
        }
        if (fromMicroProfile.contains(e.parameter())) {
            return e.getMessage() + " (from MicroProfile Config '" + JwtGateFilter.CONTEXT_PARAM_PREFIX + e.parameter() + "')";
        }
        return e.getMessage();
    }
}
