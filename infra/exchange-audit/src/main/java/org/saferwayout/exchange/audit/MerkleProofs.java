package org.saferwayout.exchange.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Roots, audit paths (inclusion proofs) and consistency proofs of RFC 6962 §2.1, built from stored subtree
 * hashes, and their verification as RFC 9162 §2.1.3.2 and §2.1.4.2 state it.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /** MTH(D[0:size]). */
    public static byte[] root(long size, SubtreeHashes hashes) {
        return size == 0 ? MerkleHashes.emptyRoot() : rangeHash(0, size, hashes);
    }

    /**
     * MTH(D[from:from+size]) for a range the RFC's recursion produces: its start is a multiple of the largest
     * power of two below its size, so it splits into perfect subtrees stored as such.
     */
    static byte[] rangeHash(long from, long size, SubtreeHashes hashes) {
        if (Long.bitCount(size) == 1) {
            int level = Long.numberOfTrailingZeros(size);
            return hashes.subtree(level, from >>> level);
        }
        long k = largestPowerOfTwoBelow(size);
        return MerkleHashes.nodeHash(rangeHash(from, k, hashes), rangeHash(from + k, size - k, hashes));
    }

    /** PATH(m, D[n]) of RFC 6962 §2.1.1, bottom-up. */
    public static List<byte[]> inclusionProof(long leafIndex, long treeSize, SubtreeHashes hashes) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf " + leafIndex + " is outside a tree of " + treeSize);
        }
        List<byte[]> proof = new ArrayList<>();
        path(leafIndex, 0, treeSize, hashes, proof);
        return proof;
    }

    private static void path(long m, long from, long n, SubtreeHashes hashes, List<byte[]> proof) {
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, from, k, hashes, proof);
            proof.add(rangeHash(from + k, n - k, hashes));
        } else {
            path(m - k, from + k, n - k, hashes, proof);
            proof.add(rangeHash(from, k, hashes));
        }
    }

    /** PROOF(m, D[n]) of RFC 6962 §2.1.2, bottom-up. */
    public static List<byte[]> consistencyProof(long oldSize, long newSize, SubtreeHashes hashes) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from " + oldSize + " to " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(oldSize, 0, newSize, true, hashes, proof);
        }
        return proof;
    }

    private static void subproof(long m, long from, long n, boolean complete, SubtreeHashes hashes, List<byte[]> proof) {
        if (m == n) {
            if (!complete) {
                proof.add(rangeHash(from, n, hashes));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, k, complete, hashes, proof);
            proof.add(rangeHash(from + k, n - k, hashes));
        } else {
            subproof(m - k, from + k, n - k, false, hashes, proof);
            proof.add(rangeHash(from, k, hashes));
        }
    }

    /** RFC 9162 §2.1.3.2. */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        MessageDigest digest = MerkleHashes.sha256();
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(digest, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHashes.nodeHash(digest, r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2; a tree of size 0 is consistent with every tree. */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        if (oldSize < 0 || oldSize > newSize) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && Arrays.equals(oldRoot, newRoot);
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot);
        }
        MessageDigest digest = MerkleHashes.sha256();
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(digest, c, fr);
                sr = MerkleHashes.nodeHash(digest, c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHashes.nodeHash(digest, sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && Arrays.equals(fr, oldRoot) && Arrays.equals(sr, newRoot);
    }

    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
