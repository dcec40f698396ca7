package org.jwtgate.filter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * {@link MtlsContract} on embedded Tomcat 11: an HTTPS connector with {@code certificateVerification="optional"}
 * (client auth "want") beside the plain one, the filter and its init-params declared as web.xml would.
 */
class MtlsTomcatTest extends MtlsContract {
    private Tomcat tomcat;
    private Connector https;

    @Override
    void start(Map<String, Map<String, String>> applications, Map<String, String> contextParams, KeyStore keys, KeyStore trust)
            throws Exception {
        Path base = Files.createTempDirectory("mtls-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        https = new Connector();
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setSecure(true);
        https.setScheme("https");
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig tls = new SSLHostConfig();
        tls.setCertificateVerification("optional");
        tls.setTrustStore(trust);
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateKeystore(keys);
        certificate.setCertificateKeystorePassword(PASSWORD);
        certificate.setCertificateKeyAlias("key");
        tls.addCertificate(certificate);
        https.addSslHostConfig(tls);
        tomcat.getService().addConnector(https);
        for (Map.Entry<String, Map<String, String>> app : applications.entrySet()) {
            Path docs = Files.createDirectories(base.resolve("apps").resolve(app.getKey().substring(1)));
            Context context = tomcat.addContext(app.getKey(), docs.toString());
            contextParams.forEach(context::addParameter);
            FilterDef filter = new FilterDef();
            filter.setFilterName("jwtgate");
            filter.setFilterClass(JwtGateFilter.class.getName());
            app.getValue().forEach(filter::addInitParameter);
            context.addFilterDef(filter);
            FilterMap map = new FilterMap();
            map.setFilterName("jwtgate");
            map.addURLPattern("/*");
            context.addFilterMap(map);
            Tomcat.addServlet(context, "echo", EchoServlet.class.getName());
            context.addServletMappingDecoded("/api/*", "echo");
        }
        tomcat.start();
    }

    @Override
    int tlsPort() {
        return https.getLocalPort();
    }

    @Override
    int plainPort() {
        return tomcat.getConnector().getLocalPort();
    }

    @Override
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
