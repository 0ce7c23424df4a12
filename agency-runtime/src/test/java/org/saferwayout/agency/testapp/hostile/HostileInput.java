package org.saferwayout.agency.testapp.hostile;

/**
 * One generated hostile input, independent of any operation: {@link HostileRequests} renders it for each
 * operation (the target picks the field or parameter it lands on, modulo what the operation has).
 *
 * @param text    generated text; always carries {@link HostileInputs#CANARY}, which must never come back
 * @param size    a size or depth, where the class needs one
 * @param variant picks among the fixed hostile forms of the class
 */
public record HostileInput(HostileClass kind, int target, String text, int size, int variant) {
}
