package org.saferwayout.exchange.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only Merkle tree that keeps only the roots of its perfect subtrees (one per set bit of its size):
 * O(log n) memory, two hashes per leaf on average. Every subtree it completes is handed to a listener, so the
 * checkpointer can store them for proofs.
 */
public final class CompactMerkleTree {

    /** A perfect subtree the tree just completed: level 0 is a leaf. */
    public record Subtree(int level, long index, byte[] hash) {
    }

    public interface Listener {
        void completed(Subtree subtree);
    }

    private static final Listener IGNORE = subtree -> { };

    private final MessageDigest digest = MerkleHashes.sha256();
    private final List<byte[]> hashes = new ArrayList<>();
    private final List<Integer> levels = new ArrayList<>();
    private long size;

    public CompactMerkleTree() {
    }

    /** The tree of {@code size} leaves whose perfect subtrees (largest first) are read from {@code stored}. */
    public static CompactMerkleTree restore(long size, SubtreeHashes stored) {
        CompactMerkleTree tree = new CompactMerkleTree();
        long covered = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                tree.hashes.add(stored.subtree(level, covered >>> level));
                tree.levels.add(level);
                covered += 1L << level;
            }
        }
        tree.size = size;
        return tree;
    }

    public long size() {
        return size;
    }

    public void append(byte[] leafHash) {
        append(leafHash, IGNORE);
    }

    public void append(byte[] leafHash, Listener listener) {
        size++;
        byte[] hash = leafHash;
        int level = 0;
        listener.completed(new Subtree(0, size - 1, hash));
        while (!levels.isEmpty() && levels.get(levels.size() - 1) == level) {
            byte[] left = hashes.remove(hashes.size() - 1);
            levels.remove(levels.size() - 1);
            hash = MerkleHashes.nodeHash(digest, left, hash);
            level++;
            listener.completed(new Subtree(level, (size >>> level) - 1, hash));
        }
        hashes.add(hash);
        levels.add(level);
    }

    /** MTH of the leaves appended so far. */
    public byte[] root() {
        if (size == 0) {
            return MerkleHashes.emptyRoot();
        }
        byte[] root = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleHashes.nodeHash(digest, hashes.get(i), root);
        }
        return root;
    }
}
