/**
 * ALERT's investigation firewall: offenders, evidence and investigative notes. This code lives in the ALERT
 * service only, depends on nothing that can reach the network exchange (no {@code shared-events} type, no
 * exchange publisher), and nothing that publishes can reach it; {@code ArchitectureTest} in network-tests
 * proves both. Its events stay in ALERT's private store.
 */
package org.saferwayout.alert.investigation;
