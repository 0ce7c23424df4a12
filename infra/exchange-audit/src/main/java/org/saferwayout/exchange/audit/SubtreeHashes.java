package org.saferwayout.exchange.audit;

/**
 * Where proofs take their hashes from: the hash of the perfect subtree at {@code level} number {@code index},
 * covering leaves {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is the leaf hashes. The source need
 * not be trusted: a proof built from altered hashes does not verify against a root known from elsewhere.
 */
@FunctionalInterface
public interface SubtreeHashes {

    byte[] subtree(int level, long index);
}
