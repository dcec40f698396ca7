package org.jwtgate.authentication;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the request body with a {@link ReadListener} and writes {@code read=<bytes>|} and the caller
 * (as {@link WhoServlet}) with a {@link WriteListener} (Servlet 6.0 §5.7).
 */
public class NonBlockingWhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AsyncContext async = req.startAsync();
        String caller = WhoServlet.describe(req, getServletContext().getAttribute("org.jwtgate.gate.jwtgate"));
        ServletInputStream in = req.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() throws IOException {
                byte[] buffer = new byte[1024];
                while (in.isReady()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    body.write(buffer, 0, n);
                }
            }

            @Override
            public void onAllDataRead() throws IOException {
                resp.setContentType("text/plain;charset=UTF-8");
                byte[] out = ("read=" + body.size() + "|" + caller).getBytes(StandardCharsets.UTF_8);
                ServletOutputStream os = resp.getOutputStream();
                os.setWriteListener(new WriteListener() {
                    private boolean written;

                    @Override
                    public void onWritePossible() throws IOException {
                        if (!written && os.isReady()) {
                            written = true;
                            os.write(out);
                        }
                        if (written && os.isReady()) {
                            async.complete();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        async.complete();
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                async.complete();
            }
        });
    }
}
