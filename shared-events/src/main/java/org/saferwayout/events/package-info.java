/**
 * The published contract of the network exchange. Stored payload types are these class names, so names
 * are stable; a change of shape bumps {@code @Revision} and comes with an upcaster and a stored sample.
 * Nothing here may carry ALERT's investigative material.
 */
package org.saferwayout.events;
