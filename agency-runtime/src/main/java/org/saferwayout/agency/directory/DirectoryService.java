package org.saferwayout.agency.directory;

import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SupportService;

/**
 * A service of the network directory as referrals and outcome reports see it: who provides it, which kind
 * of support it is, and in which city (a confidential location is known to the network only by its city).
 */
public record DirectoryService(String id, String name, AgencyId agency, SupportService supportService, String city,
                               boolean confidentialLocation) {
}
