package dev.subsync.http;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;

/** What a failure means for the caller; one mapping for every route. */
public final class Failures {

    private Failures() {
    }

    public static Rejection classify(Throwable failure) {
        boolean storageFailure = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestRejectedException rejected) {
                return rejected.getRejection();
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                // SQLSTATE class 22 is "data exception": retrying the same payload cannot succeed
                return sql.getSQLState().startsWith("22") ? Rejection.PAYLOAD_NOT_STORABLE : Rejection.STORAGE_UNAVAILABLE;
            }
            storageFailure |= cause instanceof SQLException || cause instanceof DataAccessException;
        }
        return storageFailure ? Rejection.STORAGE_UNAVAILABLE : Rejection.INTERNAL_ERROR;
    }

    /** The message a client may see: ours for known rejections, a fixed text otherwise (no internals). */
    public static String publicMessage(Rejection rejection, Throwable failure) {
        return switch (rejection) {
            case STORAGE_UNAVAILABLE -> "the database is unavailable; nothing was changed, retry later";
            // the webhook's own refusal names what is wrong; a data error from PostgreSQL is not shown
            case PAYLOAD_NOT_STORABLE -> failure instanceof RequestRejectedException
                    ? failure.getMessage()
                    : "the event is valid JSON but PostgreSQL cannot store it";
            case INTERNAL_ERROR -> "the request could not be processed; nothing was changed, retry later";
            default -> failure.getMessage();
        };
    }
}
