package org.saferwayout.agency.portal;

/**
 * Marks a controller that renders portal pages: {@link PortalPages} gives it the layout's model and turns its
 * errors into pages (the API's problem+json advice stays with the API).
 */
public interface PortalController {
}
