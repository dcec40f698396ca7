package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/**
 * Tomcat's examples webapp on the Tomcat 11 distribution with the drop-in jar ({@code jwtgate-webapp}) as the only
 * jar added to WEB-INF/lib (no jose4j, no slf4j-api, nothing else) and the same web.xml lines: every answer of
 * {@link TomcatExamplesContract} holds (the filter and the authentication listener of the web.xml lines, the
 * ServletContainerInitializer found in the jar, tokens checked by the relocated jose4j).
 */
class DropInTomcatExamplesTomcat11IT extends TomcatExamplesContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }

    @Override
    String libDir() {
        return TomcatExamples.DROP_IN_DIR;
    }

    @Override
    void checkLib(List<String> added) {
        assertEquals(List.of("jwtgate-webapp.jar"), added, "the drop-in jar alone");
    }
}
