package org.jwtgate.jaxrs;

import java.util.Map;

/** Configured through JAX-RS properties (one with a placeholder the test resolves with a system property). */
public class PropertiesApplication extends TestApplication {
    static final String ISSUERS_PROPERTY = "jwtgate.test.issuers";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jwtgate.issuers", "${sys:" + ISSUERS_PROPERTY + "}", "jwtgate.realm", "prop-realm");
    }
}
