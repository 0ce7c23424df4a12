package org.saferwayout.agency.erasure;

import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.domain.PersonalDataHolder;
import org.saferwayout.agency.keys.NetworkKeyStore;
import org.saferwayout.agency.keys.SurvivorDataVault;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases what this agency keeps about a survivor: her keys here (private events and read models sealed under
 * them become unreadable), the keys of what was sent to this agency about her through the exchange, and every
 * read model's copy. The one way both an erasure request and the retention job erase. Idempotent.
 */
@Component
public class LocalErasure {

    private final SurvivorDataVault vault;
    private final NetworkKeyStore keyStore;
    private final List<PersonalDataHolder> holders;
    private final AgencyId thisAgency;

    LocalErasure(SurvivorDataVault vault, NetworkKeyStore keyStore, List<PersonalDataHolder> holders,
                 AgencyProperties agency) {
        this.vault = vault;
        this.keyStore = keyStore;
        this.holders = holders;
        this.thisAgency = agency.id();
    }

    /** What one erasure did, in counts only. */
    public record Erased(int survivorKeysDestroyed, int exchangeKeysDestroyed, Map<String, Long> recordsDeleted) {

        public long recordsDeletedInTotal() {
            return recordsDeleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Erased erase(SurvivorRef survivor) {
        // Keys first: if the process dies half-way, what is left is already unreadable.
        int survivorKeys = vault.shred(survivor);
        int exchangeKeys = keyStore.destroyDataKeys(survivor, thisAgency);
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (PersonalDataHolder holder : holders) {
            deleted.merge(holder.heldIn(), holder.eraseSurvivor(survivor), Long::sum);
        }
        return new Erased(survivorKeys, exchangeKeys, deleted);
    }
}
