package org.saferwayout.agency.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who is acting: the token's subject (a staff member's user name or an agency system's client id). */
public record StaffMember(String id) {

    public static StaffMember of(Jwt token) {
        return new StaffMember(token.getSubject());
    }

    /** The same id for a portal user: the subject of the ID token she signed in with. */
    public static StaffMember of(Authentication signedIn) {
        return new StaffMember(signedIn.getName());
    }
}
