package dev.subsync.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/** The app's endpoint for the push phase: reads each request and answers 204 at once. */
final class BenchReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    final LongAdder requests = new LongAdder();

    private BenchReceiver(HttpServer server) {
        this.server = server;
    }

    static BenchReceiver start() throws IOException {
        // without it the JDK's server leaves Nagle's algorithm on, and each answer waits for the
        // client's delayed ACK (about 40 ms): a receiver that does not answer at once
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        BenchReceiver receiver = new BenchReceiver(server);
        server.createContext("/hooks", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            receiver.requests.increment();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(receiver.threads);
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
