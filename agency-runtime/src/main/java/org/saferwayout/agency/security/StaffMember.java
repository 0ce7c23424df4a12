package org.saferwayout.agency.security;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who is acting: the token's subject (a staff member's user name or an agency system's client id). */
public record StaffMember(String id) {

    public static StaffMember of(Jwt token) {
        return new StaffMember(token.getSubject());
    }
}
