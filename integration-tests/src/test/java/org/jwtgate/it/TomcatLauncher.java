package org.jwtgate.it;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs a WAR file on embedded Tomcat (11 or 10.1: the JVM's class path decides) on 127.0.0.1, in its
 * own JVM. Args: war port contextPath baseDir. With the variables of {@link TlsConnector}, also an HTTPS
 * connector that asks for client certificates ({@code certificateVerification="optional"}).
 */
public final class TomcatLauncher {
    private TomcatLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(args[3]);
        Connector connector = tomcat.getConnector();
        connector.setPort(Integer.parseInt(args[1]));
        connector.setProperty("address", "127.0.0.1");
        TlsConnector tls = TlsConnector.fromEnvironment();
        if (tls != null) {
            Connector https = new Connector();
            https.setPort(tls.port());
            https.setProperty("address", "127.0.0.1");
            https.setSecure(true);
            https.setScheme("https");
            https.setProperty("SSLEnabled", "true");
            org.apache.tomcat.util.net.SSLHostConfig host = new org.apache.tomcat.util.net.SSLHostConfig();
            host.setCertificateVerification("optional");
            host.setTruststoreFile(tls.trustStore());
            host.setTruststorePassword(tls.password());
            host.setTruststoreType("PKCS12");
            org.apache.tomcat.util.net.SSLHostConfigCertificate certificate = new org.apache.tomcat.util.net.SSLHostConfigCertificate(
                    host, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(tls.keyStore());
            certificate.setCertificateKeystorePassword(tls.password());
            certificate.setCertificateKeystoreType("PKCS12");
            host.addCertificate(certificate);
            https.addSslHostConfig(host);
            tomcat.getService().addConnector(https);
        }
        tomcat.getHost().setAutoDeploy(false);
        tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP engine here; the WAR maps its own servlets
        Context context = tomcat.addWebapp(args[2], args[0]);
        // What Tomcat's default web.xml would give, minus JSP: static files and their media types.
        Wrapper files = Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
        files.setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "default");
        context.addMimeMapping("html", "text/html");
        context.addWelcomeFile("index.html");
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            System.out.println("FAILED tomcat: the web application did not start (" + context.getState() + ")");
            tomcat.stop();
            System.exit(1);
        }
        System.out.println("READY tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber() + " " + connector.getLocalPort());
        tomcat.getServer().await();
    }
}
