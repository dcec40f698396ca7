package org.jwtgate.authentication;

import jakarta.security.auth.message.MessageInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jwtgate.error.ErrorResponse;

/**
 * What Jetty 12's Jakarta Authentication gives a portable module differently from the Servlet Container
 * Profile, read and answered through its {@code JaspiMessageInfo}.
 *
 * <p>The request, when Jetty authenticates lazily: on a resource no constraint covers, Jetty calls the
 * module only when the application asks who the caller is ({@code getUserPrincipal()} and the like), with a
 * {@code JaspiMessageInfo} whose {@code getRequestMessage()} is null (jetty-ee11-jaspi 12.1.10 looks for its
 * servlet request in a core request that is not one) and whose response cannot be written. The servlet
 * request is then the one its {@code getBaseRequest()} wraps ({@code getServletRequest()}).
 *
 * <p>A refusal: Jetty runs the module before its servlet machinery, and on {@code SEND_FAILURE} it answers
 * nothing itself and waits for the module to complete the Jetty-core callback that its
 * {@code JaspiMessageInfo} carries, as Jetty's own modules do with {@code Response.writeError(request,
 * response, messageInfo.getCallback(), status)}; a servlet-API write there is never sent and the request
 * hangs. So on Jetty the same status, headers and body are written through
 * {@code JaspiMessageInfo.getBaseResponse()} with {@code write(true, body, getCallback())}.
 *
 * <p>By reflection over the public interfaces Jetty declares on those methods ({@code Response},
 * {@code HttpFields.Mutable}, {@code Callback}): a web application cannot link against server classes,
 * which Jetty hides from it, and other containers never reach this class.
 */
final class JettyMessages {
    private static final String JASPI_PACKAGE_PREFIX = "org.eclipse.jetty.";
    private static final String MESSAGE_INFO_NAME = ".security.jaspi.JaspiMessageInfo";

    private JettyMessages() {
    }

    /**
     * The servlet request a lazy Jetty authentication wraps, or null when {@code info} is not such a message.
     */
    static HttpServletRequest lazyRequest(MessageInfo info) {
        if (!isJetty(info)) {
            return null;
        }
        try {
            Object base = info.getClass().getMethod("getBaseRequest").invoke(info);
            if (base == null) {
                return null;
            }
            Method getServletRequest = base.getClass().getMethod("getServletRequest");
            return getServletRequest.invoke(base) instanceof HttpServletRequest request ? request : null;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    /** Whether {@code info} is Jetty's JaspiMessageInfo (ee10 or ee11), whose callback the module must complete. */
    static boolean isJetty(MessageInfo info) {
        String name = info.getClass().getName();
        return name.startsWith(JASPI_PACKAGE_PREFIX) && name.endsWith(MESSAGE_INFO_NAME);
    }

    /**
     * Writes {@code error} onto Jetty's core response of {@code info} and completes its callback once written.
     *
     * @throws IllegalStateException when this Jetty's classes are not shaped as expected (nothing was written)
     */
    static void write(MessageInfo info, ErrorResponse error) {
        try {
            Method getResponse = info.getClass().getMethod("getBaseResponse");
            Method getCallback = info.getClass().getMethod("getCallback");
            Class<?> responseType = getResponse.getReturnType();
            Class<?> callbackType = getCallback.getReturnType();
            Object response = getResponse.invoke(info);
            Object callback = getCallback.invoke(info);
            Method getHeaders = responseType.getMethod("getHeaders");
            Method put = getHeaders.getReturnType().getMethod("put", String.class, String.class);
            Method setStatus = responseType.getMethod("setStatus", int.class);
            Method write = responseType.getMethod("write", boolean.class, ByteBuffer.class, callbackType);

            byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
            setStatus.invoke(response, error.status());
            Object headers = getHeaders.invoke(response);
            for (Map.Entry<String, String> header : error.headers().entrySet()) {
                put.invoke(headers, header.getKey(), header.getValue());
            }
            put.invoke(headers, "Content-Type", ErrorResponse.CONTENT_TYPE);
            put.invoke(headers, "Content-Length", Integer.toString(body.length));
            write.invoke(response, true, ByteBuffer.wrap(body), callback);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("jwtgate: this Jetty's JaspiMessageInfo is not the one jwtgate knows ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("jwtgate: Jetty refused the refusal's response ("
                    + e.getCause().getClass().getSimpleName() + ")", e.getCause());
        }
    }
}
