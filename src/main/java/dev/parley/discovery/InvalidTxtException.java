package dev.parley.discovery;

/** A peer's TXT record is malformed or incomplete; the announcement is ignored. */
final class InvalidTxtException extends Exception {
    InvalidTxtException(String reason) {
        super(reason);
    }
}
