package org.jwtgate.filter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

/** {@link MtlsContract} on embedded Jetty 12 (ee10), the filter declared in web.xml. */
class MtlsJettyTest extends MtlsContract {
    private TestServer jetty;
    private Path webapps;

    @Override
    void start(Map<String, Map<String, String>> applications, Map<String, String> contextParams, KeyStore keys, KeyStore trust)
            throws Exception {
        webapps = Files.createTempDirectory("mtls-jetty");
        jetty = new TestServer().tls(keys, PASSWORD, trust);
        applications.forEach((path, params) -> jetty.add(path, new WebXml().contextParams(contextParams).filter(params)
                .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve(path.substring(1))));
        jetty.start();
    }

    @Override
    int tlsPort() {
        return jetty.tlsPort();
    }

    @Override
    int plainPort() {
        return jetty.port();
    }

    @Override
    void stop() {
        if (jetty != null) {
            jetty.close();
        }
    }
}
