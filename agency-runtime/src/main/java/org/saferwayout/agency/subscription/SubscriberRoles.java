package org.saferwayout.agency.subscription;

/**
 * Who may manage this agency's webhook subscriptions and read its notification stream: its own case software
 * (client credentials, role AGENCY_SYSTEM) and its supervisors. The agency itself is checked first for every
 * {@code /api/**} request (SecurityConfiguration).
 */
final class SubscriberRoles {

    static final String SUBSCRIBERS = "hasAnyRole('AGENCY_SYSTEM', 'SUPERVISOR')";

    private SubscriberRoles() {
    }
}
