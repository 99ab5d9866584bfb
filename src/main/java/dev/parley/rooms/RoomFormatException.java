package dev.parley.rooms;

/** A room record or roster that does not parse strictly, or whose signature does not verify. */
public final class RoomFormatException extends Exception {
    public RoomFormatException(String message) {
        super(message);
    }
}
