package dev.subsync.processing;

/**
 * An event that cannot be processed as it is: retrying does not help, so it goes straight to the
 * dead-letter channel with {@link #reason()}.
 */
public abstract class UnprocessableEventException extends RuntimeException {

    protected UnprocessableEventException(String message) {
        super(message, null, false, false);
    }

    /** The dead-letter reason code. */
    public abstract String reason();
}
