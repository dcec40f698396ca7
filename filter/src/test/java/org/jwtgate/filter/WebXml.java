package org.jwtgate.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a WEB-INF/web.xml the way a user would: filters and servlets by class name, with init- and
 * context-params. Shared with the JAX-RS module's tests (this module's test-jar).
 */
public final class WebXml {
    private final StringBuilder contextParams = new StringBuilder();
    private final StringBuilder filters = new StringBuilder();
    private final StringBuilder servlets = new StringBuilder();
    private final StringBuilder listeners = new StringBuilder();
    private final StringBuilder other = new StringBuilder();

    /** A {@code <listener>} of this class. */
    public WebXml listener(String className) {
        listeners.append("  <listener><listener-class>").append(esc(className)).append("</listener-class></listener>\n");
        return this;
    }

    public WebXml contextParam(String name, String value) {
        contextParams.append("  <context-param><param-name>").append(esc(name)).append("</param-name><param-value>")
                .append(esc(value)).append("</param-value></context-param>\n");
        return this;
    }

    public WebXml contextParams(Map<String, String> params) {
        params.forEach(this::contextParam);
        return this;
    }

    /** The jwtgate filter on {@code /*} with these init-params, for these dispatcher types (none: REQUEST). */
    public WebXml filter(Map<String, String> initParams, String... dispatchers) {
        filters.append("  <filter>\n    <filter-name>jwtgate</filter-name>\n")
                .append("    <filter-class>").append(JwtGateFilter.class.getName()).append("</filter-class>\n");
        initParams.forEach((k, v) -> filters.append("    <init-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></init-param>\n"));
        filters.append("  </filter>\n  <filter-mapping>\n    <filter-name>jwtgate</filter-name>\n")
                .append("    <url-pattern>/*</url-pattern>\n");
        for (String d : dispatchers) {
            filters.append("    <dispatcher>").append(d).append("</dispatcher>\n");
        }
        filters.append("  </filter-mapping>\n");
        return this;
    }

    /** A filter (by class name) on these URL patterns, for REQUEST dispatches. */
    public WebXml filter(String name, String className, Map<String, String> initParams, String... patterns) {
        filters.append("  <filter>\n    <filter-name>").append(name).append("</filter-name>\n")
                .append("    <filter-class>").append(className).append("</filter-class>\n");
        initParams.forEach((k, v) -> filters.append("    <init-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></init-param>\n"));
        filters.append("  </filter>\n  <filter-mapping>\n    <filter-name>").append(name).append("</filter-name>\n");
        for (String p : patterns) {
            filters.append("    <url-pattern>").append(esc(p)).append("</url-pattern>\n");
        }
        filters.append("  </filter-mapping>\n");
        return this;
    }

    /** A servlet on these URL patterns, started on first use. */
    public WebXml servlet(String name, Class<?> type, String... patterns) {
        servlets.append("  <servlet><servlet-name>").append(name).append("</servlet-name><servlet-class>")
                .append(type.getName()).append("</servlet-class></servlet>\n");
        servlets.append("  <servlet-mapping><servlet-name>").append(name).append("</servlet-name>");
        for (String p : patterns) {
            servlets.append("<url-pattern>").append(esc(p)).append("</url-pattern>");
        }
        servlets.append("</servlet-mapping>\n");
        return this;
    }

    /** A servlet with init-params, started with the application ({@code load-on-startup}). */
    public WebXml servlet(String name, Class<?> type, Map<String, String> initParams, String... patterns) {
        return servlet(name, type.getName(), initParams, patterns);
    }

    /** A servlet by class name, with init-params, started with the application ({@code load-on-startup}). */
    public WebXml servlet(String name, String className, Map<String, String> initParams, String... patterns) {
        servlets.append("  <servlet><servlet-name>").append(name).append("</servlet-name><servlet-class>")
                .append(className).append("</servlet-class>\n");
        initParams.forEach((k, v) -> servlets.append("    <init-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></init-param>\n"));
        servlets.append("    <load-on-startup>1</load-on-startup>\n  </servlet>\n");
        servlets.append("  <servlet-mapping><servlet-name>").append(name).append("</servlet-name>");
        for (String p : patterns) {
            servlets.append("<url-pattern>").append(esc(p)).append("</url-pattern>");
        }
        servlets.append("</servlet-mapping>\n");
        return this;
    }

    /** Other elements (listeners, security constraints, …), written as given after the servlets. */
    public WebXml elements(String xml) {
        other.append(xml);
        return this;
    }

    public String xml() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"\n"
                + "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                + "         xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee "
                + "https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\"\n"
                + "         version=\"6.0\">\n" + contextParams + listeners + filters + servlets + other + "</web-app>\n";
    }

    /** Writes {@code dir/WEB-INF/web.xml} and returns {@code dir}, the web application's base. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir.resolve("WEB-INF"));
            Files.writeString(dir.resolve("WEB-INF/web.xml"), xml(), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
