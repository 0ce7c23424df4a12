package org.saferwayout.agency.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.agency.exchange.StableEventIds;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.security.StaffMember;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorErasureRequested;
import org.saferwayout.events.SurvivorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A privacy officer's erasure request for a survivor (ADR 009): the keys of every sealed copy of her data in the
 * exchange are destroyed at once, network-wide, and every agency is told to purge what it keeps of her
 * ({@link SurvivorErasureRequested}, one per agency). The events stay, with their metadata, for audit.
 */
@RestController
@SecurityRequirement(name = "bearer")
class ErasureController {

    private static final Logger log = LoggerFactory.getLogger(ErasureController.class);

    private final NetworkKeyStore keyStore;
    private final ExchangePublisher exchange;
    private final AgencyId thisAgency;
    private final Clock clock;

    ErasureController(NetworkKeyStore keyStore, ExchangePublisher exchange, AgencyProperties agency, Clock clock) {
        this.keyStore = keyStore;
        this.exchange = exchange;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    record ErasureRequest(@NotNull @Pattern(regexp = "SR-[0-9A-HJKMNP-TV-Z]{26}") String survivorRef) {
    }

    record ErasureAccepted(String erasureId, int dataKeysDestroyed) {
    }

    @Operation(summary = "Erase a survivor's personal data network-wide (crypto-shredding, then every agency purges)")
    @PostMapping("/api/erasures")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize(AgencyRoles.ERASURE_OFFICERS)
    ErasureAccepted erase(@Valid @RequestBody ErasureRequest request, @AuthenticationPrincipal Jwt token) {
        SurvivorRef survivor = new SurvivorRef(request.survivorRef());
        String erasureId = UUID.randomUUID().toString();
        int destroyed = keyStore.destroyAllDataKeys(survivor);
        Instant now = clock.instant();
        for (AgencyId agency : AgencyId.values()) {
            exchange.publish(new SurvivorErasureRequested(
                    StableEventIds.forPrivateEvent(erasureId + "/erasure/" + agency.code()), erasureId, survivor,
                    thisAgency, agency, StaffMember.of(token).id(), now));
        }
        log.info("Erasure {}: {} data keys destroyed, every agency told to purge", erasureId, destroyed);
        return new ErasureAccepted(erasureId, destroyed);
    }
}
