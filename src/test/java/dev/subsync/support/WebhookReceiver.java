package dev.subsync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The app's endpoint in push tests: a real HTTP server that records every request and answers as
 * the test says (a status, after an optional delay), by default 200 at once.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to answer one request; {@code delayMillis} before answering, to play a slow or hung
     * receiver, with these headers and a body of {@code bodyBytes} bytes, written at once or, with a
     * {@code millisPerBodyByte}, a byte at a time.
     */
    public record Answer(int status, long delayMillis, Map<String, String> headers, long bodyBytes, long millisPerBodyByte) {
        public Answer(int status, long delayMillis) {
            this(status, delayMillis, Map.of(), 0, 0);
        }

        public static Answer ok() {
            return new Answer(200, 0);
        }

        public static Answer withHeaders(int status, Map<String, String> headers) {
            return new Answer(status, 0, headers, 0, 0);
        }

        public static Answer withBody(int status, long bodyBytes) {
            return new Answer(status, 0, Map.of("Content-Type", "text/plain"), bodyBytes, 0);
        }

        /** The status at once, then a body that arrives one byte per {@code millisPerByte}. */
        public static Answer trickling(int status, long bodyBytes, long millisPerByte) {
            return new Answer(status, 0, Map.of("Content-Type", "text/plain"), bodyBytes, millisPerByte);
        }
    }

    /** One received request: its headers (lower-case names), its body and the event it carries. */
    public record Request(Map<String, List<String>> headers, String body, JsonNode event, int answeredStatus,
            long arrivedNanos, long answeredNanos) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String appUserId() {
            return event.path("app_user_id").asText(null);
        }

        public long sequence() {
            return event.path("sequence").asLong();
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Answer> answers = event -> Answer.ok();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** From now on, answers each request by its event. */
    public void answer(Function<JsonNode, Answer> answers) {
        this.answers = answers;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests of one app user, in the order they arrived. */
    public List<Request> requestsOf(String appUserId) {
        return requests.stream().filter(r -> appUserId.equals(r.appUserId())).toList();
    }

    /**
     * Whether one user's events were sent in sequence order: no event arrived before every earlier
     * one had been answered 2xx (repeats of an event not yet answered 2xx are fine).
     */
    public boolean inOrderFor(String appUserId) {
        List<Request> ofUser = requestsOf(appUserId);
        for (Request later : ofUser) {
            for (Request earlier : ofUser) {
                if (earlier.sequence() < later.sequence() && ofUser.stream().noneMatch(r -> r.sequence() == earlier.sequence()
                        && r.answeredStatus() / 100 == 2 && r.answeredNanos() <= later.arrivedNanos())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sequences of one user's events answered 2xx, in the order they were answered. */
    public List<Long> deliveredSequencesOf(String appUserId) {
        return requestsOf(appUserId).stream().filter(r -> r.answeredStatus() / 100 == 2).map(Request::sequence).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonNode event = JSON.readTree(body).path("event");
        Answer answer = answers.apply(event);
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach(headers::put);
        // recorded as answered before the answer is written: a sender that went away meanwhile was still answered
        requests.add(new Request(headers, body, event, answer.status(), arrived, System.nanoTime()));
        try {
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), answer.bodyBytes() > 0 ? answer.bodyBytes() : -1);
            byte[] chunk = new byte[answer.millisPerBodyByte() > 0 ? 1 : 64 * 1024];
            for (long left = answer.bodyBytes(); left > 0; left -= chunk.length) {
                exchange.getResponseBody().write(chunk, 0, (int) Math.min(left, chunk.length));
                if (answer.millisPerBodyByte() > 0) {
                    exchange.getResponseBody().flush();
                    Thread.sleep(answer.millisPerBodyByte());
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
