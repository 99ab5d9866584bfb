package dev.parley.net;

import java.io.IOException;

/** A dialled peer proved a key other than the one its announcement claimed. */
final class SpoofedIdentityException extends IOException {
    final String announced;
    final String proven;

    SpoofedIdentityException(String announced, String proven) {
        super("announced " + announced + " but proved " + proven);
        this.announced = announced;
        this.proven = proven;
    }
}
