package dev.subsync.boot;

import dev.subsync.http.Rejection;
import dev.subsync.http.RequestBodies;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request body in full, without holding a thread while its bytes trickle in, before any
 * route sees the request; refuses it when it is over the size limit (413) or not complete within the
 * time limit (408).
 *
 * <p>A blocking read holds one of the container's worker threads for as long as the client takes:
 * a few hundred clients that announce a large body and then stall took every thread, and a valid
 * Stripe delivery waited two minutes. Here the body is read with the servlet container's non-blocking
 * I/O; the request is dispatched to a worker thread only once its body is all there. A declared
 * Content-Length over the limit is refused before reading; a chunked body is refused as soon as it
 * passes the limit.
 */
class RequestBodyReader extends OncePerRequestFilter {

    private static final String BODY = RequestBodyReader.class.getName() + ".body";

    private final long maxBytes;
    private final String limitProperty;
    private final String limitText;
    private final Duration timeout;

    RequestBodyReader(long maxBytes, String limitProperty, String limitText, Duration timeout) {
        this.maxBytes = maxBytes;
        this.limitProperty = limitProperty;
        this.limitText = limitText;
        this.timeout = timeout;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // the dispatch after the body was read comes back through here, to hand it on
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof byte[] body) {
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuseTooLarge(response);
            return;
        }
        if (declared == 0 || (declared < 0 && !chunked(request))) {
            chain.doFilter(request, response);   // no body to wait for
            return;
        }
        if (declared > 0 && request.getInputStream().available() >= declared) {
            // the whole body came with the headers (a Stripe delivery nearly always does): reading it
            // cannot block, so the request goes on without an asynchronous round trip
            chain.doFilter(new BufferedBodyRequest(request, request.getInputStream().readNBytes((int) declared)), response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis());
        BodyCollector collector = new BodyCollector(request, response, async);
        async.addListener(collector);
        request.getInputStream().setReadListener(collector);
    }

    private static boolean chunked(HttpServletRequest request) {
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && !encoding.isBlank();
    }

    private void refuseTooLarge(HttpServletResponse response) throws IOException {
        // Tomcat drops the connection after a 413 once it has read past server.tomcat.max-swallow-size
        ServletRejection.answer(response, Rejection.PAYLOAD_TOO_LARGE,
                RequestBodies.tooLargeMessage(limitProperty, limitText));
    }

    /** Collects the body as the container reports bytes available; answers or dispatches once. */
    private final class BodyCollector implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] buffer = new byte[8192];
        private final AtomicBoolean finished = new AtomicBoolean();

        BodyCollector(HttpServletRequest request, HttpServletResponse response, AsyncContext async) {
            this.request = request;
            this.response = response;
            this.async = async;
        }

        @Override
        public void onDataAvailable() throws IOException {
            ServletInputStream in = request.getInputStream();
            while (in.isReady() && !in.isFinished()) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                body.write(buffer, 0, read);
                if (body.size() > maxBytes) {
                    answer(() -> refuseTooLarge(response));
                    return;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            if (finished.compareAndSet(false, true)) {
                request.setAttribute(BODY, body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (failure instanceof SocketTimeoutException) {
                onTimeout(null);   // the connection went idle (server.tomcat.connection-timeout) mid-body
            } else if (finished.compareAndSet(false, true)) {
                async.complete();  // the client went away: nobody is there to answer
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            answer(() -> {
                response.setHeader("Connection", "close");
                ServletRejection.answer(response, Rejection.REQUEST_TIMEOUT,
                        "the request body did not arrive in time: within " + timeout.toSeconds()
                                + " s in all (subsync.http.body-timeout), without a pause as long as the connection timeout");
            });
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void answer(Answer answer) {
            if (finished.compareAndSet(false, true)) {
                try {
                    answer.write();
                    // committed now: a read error the container reports next cannot turn it into a 500
                    response.flushBuffer();
                } catch (IOException e) {
                    // the client is gone
                } finally {
                    async.complete();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Answer {
        void write() throws IOException;
    }

    /** The request as the routes see it: its body already read, within the limit. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return available() == 0;
                }

                @Override
                public int available() {
                    try {
                        return in.available();
                    } catch (IOException e) {
                        return 0;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null && Charset.isSupported(encoding)
                    ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
