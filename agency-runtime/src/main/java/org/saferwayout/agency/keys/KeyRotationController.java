package org.saferwayout.agency.keys;

import org.saferwayout.agency.security.AgencyRoles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rotates this agency's key-encryption key (ADR 009): a new pair wraps from now on and every data key the
 * agency was sent is re-wrapped under it; no event is rewritten. The old private halves stay in the key
 * directory until an operator removes them (nothing needs them once this returns).
 */
@RestController
class KeyRotationController {

    private final KeyEncryptionKeys keys;

    KeyRotationController(KeyEncryptionKeys keys) {
        this.keys = keys;
    }

    /** The new key's id and how many data keys it re-wrapped; no personal data. */
    @PostMapping("/api/keys/rotation")
    @PreAuthorize(AgencyRoles.KEY_CUSTODIANS)
    KeyEncryptionKeys.Rotation rotate() {
        return keys.rotate();
    }
}
