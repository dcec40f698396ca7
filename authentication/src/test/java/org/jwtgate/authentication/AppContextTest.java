package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The application context the listener registers under: the Servlet Container Profile's, or Jetty's where the container names no virtual server. */
class AppContextTest {
    @Test
    void virtualServerNameAndContextPathWhereTheContainerNamesOne() {
        assertEquals("Catalina/localhost /shop", JwtGateAuthentication.appContext(context("Catalina/localhost", "/shop")));
        assertEquals("Catalina/localhost ", JwtGateAuthentication.appContext(context("Catalina/localhost", "")));
    }

    @Test
    void jettysServerNameWhereTheContainerNamesNone() {
        assertEquals("server /shop", JwtGateAuthentication.appContext(context(null, "/shop")));
        assertEquals("server /", JwtGateAuthentication.appContext(context(null, "")));
    }

    private static ServletContext context(String virtualServerName, String contextPath) {
        return (ServletContext) Proxy.newProxyInstance(ServletContext.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getVirtualServerName" -> virtualServerName;
                    case "getContextPath" -> contextPath;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
