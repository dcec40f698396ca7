package org.jwtgate.authentication;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** An embedded container on 127.0.0.1 and a free port, running web applications from their web.xml. */
interface WebContainer extends AutoCloseable {
    /** Deploys each base directory (holding WEB-INF/web.xml) at its context path, then starts. */
    void start(Map<String, Path> applications) throws Exception;

    /** The container's name and version, for messages. */
    String name();

    URI uri(String pathAndQuery);

    @Override
    void close();
}
