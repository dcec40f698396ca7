package org.jwtgate.jaxrs;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.PublisherRequest;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.metadata.ProtectedResourceMetadata;

/**
 * Serves the application's OAuth 2.0 Protected Resource Metadata (RFC 9728) in a JAX-RS application,
 * as the filter module's {@code ProtectedResourceMetadataServlet} does: the same document, decided by
 * core's {@link ProtectedResourceMetadata} from the {@link JwtGateFeature}'s configuration (its
 * {@code resource-identifier} and the other {@code resource-*} parameters). List it beside the feature:
 *
 * <pre>{@code
 * public Set<Class<?>> getClasses() {
 *     return Set.of(OrdersResource.class, JwtGateFeature.class, ProtectedResourceMetadataResource.class);
 * }
 * }</pre>
 *
 * Served at {@code .well-known/oauth-protected-resource} followed by the resource identifier's path,
 * relative to the application; {@code @PermitAll}, since a client reads it before it has a token. Without
 * a {@code resource-identifier} the feature fails the application's start; without the feature every
 * request here is answered 404. {@code GET} (and the runtime's {@code HEAD}); other methods 405.
 */
@Path(".well-known/oauth-protected-resource{suffix: (/.*)?}")
@PermitAll
public class ProtectedResourceMetadataResource {
    /** The JAX-RS property through which {@link JwtGateFeature} hands the metadata to this resource. */
    static final String PROPERTY = "org.jwtgate.jaxrs.resource-metadata";

    @Context
    private Configuration configuration;
    @Context
    private UriInfo uriInfo;
    @Context
    private HttpHeaders headers;

    /** Creates the resource; the runtime injects the rest. */
    public ProtectedResourceMetadataResource() {
    }

    /** @return the document, or 304 for a current {@code If-None-Match} */
    @GET
    public Response get() {
        return answer("GET");
    }

    /** @return 405 */
    @POST
    public Response post() {
        return answer("POST");
    }

    /** @return 405 */
    @PUT
    public Response put() {
        return answer("PUT");
    }

    /** @return 405 */
    @DELETE
    public Response delete() {
        return answer("DELETE");
    }

    /** @return 405 */
    @PATCH
    public Response patch() {
        return answer("PATCH");
    }

    /** @return 405, as the servlet answers */
    @OPTIONS
    public Response options() {
        return answer("OPTIONS");
    }

    private Response answer(String method) {
        PublisherResponse r = configuration.getProperty(PROPERTY) instanceof ProtectedResourceMetadata m
                ? m.respond(new Request(method, path(uriInfo.getPath()), headers))
                : PublisherResponse.error(404, "not_found", Map.of());
        Response.ResponseBuilder b = Response.status(r.status());
        r.headers().forEach((name, value) -> {
            if (!name.equals("Content-Length")) {
                b.header(name, value);
            }
        });
        byte[] body = r.body();
        return (body.length > 0 ? b.entity(body) : b).build();
    }

    /** The path relative to the application, with one leading slash (Jersey gives none, RESTEasy one). */
    private static String path(String relative) {
        return relative.startsWith("/") ? relative : "/" + relative;
    }

    private record Request(String method, String path, HttpHeaders headers) implements PublisherRequest {
        @Override
        public String host() {
            return null;
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = headers.getRequestHeader(name);
            return values == null ? List.of() : values;
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Request that
                    && Objects.equals(method, that.method)
                    && Objects.equals(path, that.path)
                    && Objects.equals(headers, that.headers);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(method, path, headers);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }
}
