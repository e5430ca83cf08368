package dev.subsync.http;

/**
 * Why a request was refused: the error code in the JSON body and the HTTP status, defined once.
 * Every 4xx/5xx subsync's routes answer is one of these.
 */
public enum Rejection {
    EMPTY_BODY(400),
    MISSING_SIGNATURE_HEADER(400),
    MALFORMED_SIGNATURE_HEADER(400),
    NO_V1_SIGNATURE(400),
    TIMESTAMP_OUTSIDE_TOLERANCE(400),
    SIGNATURE_MISMATCH(400),
    INVALID_JSON(400),
    NOT_A_STRIPE_EVENT(400),
    EVENT_TYPE_NOT_ALLOWED(400),
    PAYLOAD_NOT_STORABLE(400),
    REQUEST_TIMEOUT(408),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    // the /v1 API
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    INVALID_REQUEST(400),
    INVALID_FETCH_TOKEN(400),
    INVALID_APP_USER_ID(400),
    INVALID_PARAMETER(400),
    NOT_FOUND(404),
    FETCH_TOKEN_ALREADY_BOUND(409),
    REDRIVE_FAILED(409),
    WEBHOOKS_NOT_CONFIGURED(409),
    STORAGE_UNAVAILABLE(503),
    STARTING(503),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    Rejection(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code clients see in {@code "error"} and metrics carry as {@code reason}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
