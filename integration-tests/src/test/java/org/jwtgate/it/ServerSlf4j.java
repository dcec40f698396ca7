package org.jwtgate.it;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The launcher's own SLF4J, as Jetty class-matcher patterns a launcher hides from the web application: its
 * API by package, and by jar the API's and every provider's on the launcher's class path (classes and
 * {@code META-INF/services} files alike). Otherwise the WAR's copy of slf4j-api, loaded by the webapp class
 * loader, finds the launcher's provider through the parent loader; that provider implements the launcher's
 * {@code SLF4JServiceProvider}, not the WAR's, so SLF4J reports "not a subtype", finds no provider and drops
 * jose4j's messages. Hidden, the WAR logs through the provider it bundles, as on a server that has no SLF4J
 * of its own (Tomcat). Shared by the ee10 and ee11 launchers, whose {@code WebAppContext} types differ.
 */
final class ServerSlf4j {
    private ServerSlf4j() {
    }

    static String[] hiddenClassPatterns() {
        List<String> hidden = new ArrayList<>();
        hidden.add("org.slf4j.");
        hidden.add(location(LoggerFactory.class));
        ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).stream()
                .forEach(provider -> hidden.add(location(provider.type())));
        return hidden.toArray(String[]::new);
    }

    private static String location(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
