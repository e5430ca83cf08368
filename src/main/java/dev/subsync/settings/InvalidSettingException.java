package dev.subsync.settings;

/**
 * A setting that cannot be used as it is: the start stops, and the message names the setting and
 * says what it must be. Thrown by the routes' beans, so every runtime reports it the same way.
 */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
