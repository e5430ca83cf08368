package dev.subsync.entitlements;

/** A {@code subsync.entitlements.*} setting that cannot be read; the message names the setting. */
public class InvalidEntitlementsException extends IllegalArgumentException {

    public InvalidEntitlementsException(String message) {
        super(message);
    }
}
