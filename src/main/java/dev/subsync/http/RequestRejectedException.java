package dev.subsync.http;

/** A request refused for a known reason; the message is safe to show (no secret, no payload). */
public class RequestRejectedException extends RuntimeException {

    private final Rejection rejection;

    public RequestRejectedException(Rejection rejection, String message) {
        super(message, null, false, false);
        this.rejection = rejection;
    }

    public Rejection getRejection() {
        return rejection;
    }
}
