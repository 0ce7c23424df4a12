package org.saferwayout.agency.portal;

/**
 * An entry of the portal's navigation that one agency service adds (REACH: the network dashboard).
 *
 * @param id the element id of the link, stable for the browser tests
 */
public record PortalLink(String id, String label, String path) {
}
