package dev.subsync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * An app's endpoint written at the socket level, for answers no HTTP server would give (a head that
 * never ends, a connection closed silently): each connection is answered on a thread of its own by
 * the given code, until the receiver is closed.
 */
public final class SocketReceiver implements AutoCloseable {

    /** Answers one connection; it returns, or fails, once the connection or the receiver is closed. */
    public interface Answer {
        void answer(Socket connection, SocketReceiver receiver) throws IOException, InterruptedException;
    }

    private final ServerSocket server;

    private SocketReceiver(String name, Answer answer) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> accept(name, answer), name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SocketReceiver start(String name, Answer answer) {
        try {
            return new SocketReceiver(name, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
    }

    public boolean isClosed() {
        return server.isClosed();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept(String name, Answer answer) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread answering = new Thread(() -> {
                    try (connection) {
                        answer.answer(connection, this);
                    } catch (IOException | InterruptedException closed) {
                        // the sender closed the connection, or the test ended
                    }
                }, name + "-connection");
                answering.setDaemon(true);
                answering.start();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
