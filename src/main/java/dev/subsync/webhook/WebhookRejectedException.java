package dev.subsync.webhook;

/** A delivery refused for a known reason; the message is safe to show (no secret, no payload). */
public class WebhookRejectedException extends RuntimeException {

    private final Rejection rejection;

    public WebhookRejectedException(Rejection rejection, String message) {
        super(message, null, false, false);
        this.rejection = rejection;
    }

    public Rejection getRejection() {
        return rejection;
    }
}
