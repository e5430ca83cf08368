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
                if (sql.getSQLState().startsWith("42")) {
                    return Rejection.INTERNAL_ERROR;   // syntax or access rule: a defect of ours, not the request's
                }
                return storageUnavailable(sql) ? Rejection.STORAGE_UNAVAILABLE : Rejection.PAYLOAD_NOT_STORABLE;
            }
            storageFailure |= cause instanceof SQLException || cause instanceof DataAccessException;
        }
        return storageFailure ? Rejection.STORAGE_UNAVAILABLE : Rejection.INTERNAL_ERROR;
    }

    /**
     * Whether PostgreSQL (or the way to it) is unavailable, so the same request may succeed later:
     * SQLSTATE classes 08 (connection), 53 (insufficient resources), 57 (operator intervention, such as
     * a shutdown), 58 (system error), 40 (a deadlock or serialization failure, retried) and XX
     * (internal error). Every other class (22 data exception, 23 constraint, 54 program limit such as
     * an index row too large, ...) is about this request's data: retrying it cannot succeed.
     */
    public static boolean storageUnavailable(SQLException failure) {
        String state = failure.getSQLState();
        return state == null || state.length() < 2
                || switch (state.substring(0, 2)) {
                    case "08", "53", "57", "58", "40", "XX" -> true;
                    default -> false;
                };
    }

    /** A failure in one line for a log or a record: its kind and its message (no stack trace). */
    public static String oneLine(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** The message a client may see: ours for known rejections, a fixed text otherwise (no internals). */
    public static String publicMessage(Rejection rejection, Throwable failure) {
        return switch (rejection) {
            case STORAGE_UNAVAILABLE -> "the database is unavailable; nothing was changed, retry later";
            // the webhook's own refusal names what is wrong; a data error from PostgreSQL is not shown
            case PAYLOAD_NOT_STORABLE -> rejected(failure) != null
                    ? rejectionMessage(failure)
                    : "the event is valid JSON but PostgreSQL cannot store it";
            case INTERNAL_ERROR -> "the request could not be processed; nothing was changed, retry later";
            default -> rejectionMessage(failure);
        };
    }

    /** Our own refusal's message, also when a bean invocation wrapped it. */
    private static String rejectionMessage(Throwable failure) {
        RequestRejectedException rejected = rejected(failure);
        return rejected != null ? rejected.getMessage() : "the request could not be processed";
    }

    private static RequestRejectedException rejected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestRejectedException rejected) {
                return rejected;
            }
        }
        return null;
    }
}
