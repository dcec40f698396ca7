package org.jwtgate.authentication;

import java.nio.file.Path;
import java.util.Map;
import org.jwtgate.filter.WebXml;

/**
 * A WEB-INF/web.xml written the way a user writes one: context-params, listeners, filters, servlets
 * and security constraints, by class name.
 */
final class Descriptor {
    private final StringBuilder xml = new StringBuilder();

    Descriptor contextParams(Map<String, String> params) {
        params.forEach((k, v) -> xml.append("  <context-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></context-param>\n"));
        return this;
    }

    Descriptor listener(Class<?> type) {
        xml.append("  <listener><listener-class>").append(type.getName()).append("</listener-class></listener>\n");
        return this;
    }

    /** A filter on {@code /*}, async-supported, for REQUEST, FORWARD, INCLUDE and ASYNC dispatches. */
    Descriptor filter(String name, String className, Map<String, String> initParams) {
        xml.append("  <filter><filter-name>").append(name).append("</filter-name><filter-class>").append(className)
                .append("</filter-class>\n");
        initParams.forEach((k, v) -> xml.append("    <init-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></init-param>\n"));
        xml.append("    <async-supported>true</async-supported></filter>\n");
        xml.append("  <filter-mapping><filter-name>").append(name).append("</filter-name><url-pattern>/*</url-pattern>")
                .append("<dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher>")
                .append("<dispatcher>INCLUDE</dispatcher><dispatcher>ASYNC</dispatcher></filter-mapping>\n");
        return this;
    }

    /** An async-supported servlet started with the application. */
    Descriptor servlet(String name, String className, Map<String, String> initParams, String... patterns) {
        xml.append("  <servlet><servlet-name>").append(name).append("</servlet-name><servlet-class>").append(className)
                .append("</servlet-class>\n");
        initParams.forEach((k, v) -> xml.append("    <init-param><param-name>").append(esc(k))
                .append("</param-name><param-value>").append(esc(v)).append("</param-value></init-param>\n"));
        xml.append("    <load-on-startup>1</load-on-startup><async-supported>true</async-supported></servlet>\n");
        xml.append("  <servlet-mapping><servlet-name>").append(name).append("</servlet-name>");
        for (String p : patterns) {
            xml.append("<url-pattern>").append(esc(p)).append("</url-pattern>");
        }
        xml.append("</servlet-mapping>\n");
        return this;
    }

    /** A security constraint on {@code pattern}: the roles (none: {@code <auth-constraint/>}, nobody). */
    Descriptor constraint(String pattern, String... roles) {
        xml.append("  <security-constraint><web-resource-collection><web-resource-name>").append(esc(pattern))
                .append("</web-resource-name><url-pattern>").append(esc(pattern))
                .append("</url-pattern></web-resource-collection><auth-constraint>");
        for (String r : roles) {
            xml.append("<role-name>").append(esc(r)).append("</role-name>");
        }
        xml.append("</auth-constraint></security-constraint>\n");
        return this;
    }

    Descriptor securityRole(String role) {
        xml.append("  <security-role><role-name>").append(esc(role)).append("</role-name></security-role>\n");
        return this;
    }

    Descriptor loginConfig(String authMethod) {
        xml.append("  <login-config><auth-method>").append(esc(authMethod)).append("</auth-method></login-config>\n");
        return this;
    }

    /** Writes {@code dir/WEB-INF/web.xml} and returns {@code dir}. */
    Path writeTo(Path dir) {
        return new WebXml().elements(xml.toString()).writeTo(dir);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
