package org.saferwayout.exchange.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6962 roots and proofs: the Certificate Transparency test vectors, and a naive recomputation for 1..64 leaves. */
class MerkleProofsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f").stream().map(HEX::parseHex).toList();
    private static final List<String> CT_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void rootsMatchTheCertificateTransparencyTestVectors() {
        List<byte[]> leafHashes = CT_LEAVES.stream().map(MerkleHashes::leafHash).toList();
        assertThat(HEX.formatHex(MerkleProofs.root(0, fromLeaves(leafHashes))))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CompactMerkleTree compact = new CompactMerkleTree();
        for (int size = 1; size <= 8; size++) {
            compact.append(leafHashes.get(size - 1));
            assertThat(HEX.formatHex(MerkleProofs.root(size, fromLeaves(leafHashes.subList(0, size)))))
                    .isEqualTo(CT_ROOTS.get(size - 1));
            assertThat(HEX.formatHex(compact.root())).isEqualTo(CT_ROOTS.get(size - 1));
        }
    }

    @Test
    void proofsMatchTheCertificateTransparencyTestVectors() {
        SubtreeHashes eight = fromLeaves(CT_LEAVES.stream().map(MerkleHashes::leafHash).toList());
        assertThat(MerkleProofs.inclusionProof(5, 8, eight).stream().map(HEX::formatHex)).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(MerkleProofs.consistencyProof(3, 8, eight).stream().map(HEX::formatHex)).containsExactly(
                "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    @Test
    void everyProofForOneTo64LeavesAgreesWithANaiveRecomputationAndVerifies() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            leaves.add(MerkleHashes.leafHash(("event " + i).getBytes(StandardCharsets.UTF_8)));
        }
        SubtreeHashes stored = fromLeaves(leaves);
        CompactMerkleTree compact = new CompactMerkleTree();
        for (int n = 1; n <= 64; n++) {
            compact.append(leaves.get(n - 1));
            List<byte[]> prefix = leaves.subList(0, n);
            byte[] root = naiveRoot(prefix);
            assertThat(MerkleProofs.root(n, stored)).isEqualTo(root);
            assertThat(compact.root()).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = MerkleProofs.inclusionProof(m, n, stored);
                assertThat(hexes(path)).isEqualTo(hexes(naivePath(m, prefix)));
                assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get(m), path, root)).isTrue();
                assertThat(MerkleProofs.verifyInclusion(m, n, leaves.get((m + 1) % 64), path, root)).isFalse();
            }
            for (int m = 1; m <= n; m++) {
                byte[] oldRoot = naiveRoot(leaves.subList(0, m));
                List<byte[]> proof = MerkleProofs.consistencyProof(m, n, stored);
                assertThat(hexes(proof)).isEqualTo(hexes(m == n ? List.of() : naiveSubproof(m, prefix, true)));
                assertThat(MerkleProofs.verifyConsistency(m, n, oldRoot, root, proof)).as("%d -> %d", m, n).isTrue();
                if (m < n) {
                    byte[] forged = oldRoot.clone();
                    forged[0] ^= 1;
                    assertThat(MerkleProofs.verifyConsistency(m, n, forged, root, proof)).isFalse();
                    assertThat(MerkleProofs.verifyConsistency(m, n, oldRoot, forged, proof)).isFalse();
                }
            }
        }
    }

    @Test
    void aTreeRestoredFromStoredSubtreesContinuesAsTheOriginal() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(MerkleHashes.leafHash(new byte[] {(byte) i}));
        }
        for (int size = 0; size < 40; size++) {
            CompactMerkleTree restored = CompactMerkleTree.restore(size, fromLeaves(leaves));
            for (int i = size; i < 40; i++) {
                restored.append(leaves.get(i));
            }
            assertThat(restored.root()).isEqualTo(naiveRoot(leaves));
        }
    }

    /** Perfect subtree hashes computed from the leaves, the way the tables hold them. */
    static SubtreeHashes fromLeaves(List<byte[]> leafHashes) {
        return (level, index) -> naiveRoot(leafHashes.subList((int) (index << level), (int) ((index + 1) << level)));
    }

    /** MTH straight from RFC 6962 §2.1. */
    static byte[] naiveRoot(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return MerkleHashes.nodeHash(naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
    }

    private static List<byte[]> naivePath(int m, List<byte[]> leaves) {
        List<byte[]> path = new ArrayList<>();
        if (leaves.size() <= 1) {
            return path;
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        if (m < k) {
            path.addAll(naivePath(m, leaves.subList(0, k)));
            path.add(naiveRoot(leaves.subList(k, leaves.size())));
        } else {
            path.addAll(naivePath(m - k, leaves.subList(k, leaves.size())));
            path.add(naiveRoot(leaves.subList(0, k)));
        }
        return path;
    }

    private static List<byte[]> naiveSubproof(int m, List<byte[]> leaves, boolean complete) {
        List<byte[]> proof = new ArrayList<>();
        int n = leaves.size();
        if (m == n) {
            if (!complete) {
                proof.add(naiveRoot(leaves));
            }
            return proof;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            proof.addAll(naiveSubproof(m, leaves.subList(0, k), complete));
            proof.add(naiveRoot(leaves.subList(k, n)));
        } else {
            proof.addAll(naiveSubproof(m - k, leaves.subList(k, n), false));
            proof.add(naiveRoot(leaves.subList(0, k)));
        }
        return proof;
    }

    private static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void aSignedCheckpointVerifiesOnlyAsSigned() {
        CheckpointSigner signer = CheckpointSigner.generate();
        byte[] root = MerkleHashes.leafHash(new byte[] {1});
        SignedCheckpoint checkpoint = signer.sign(7, root, 1_700_000_000_000L);
        assertThat(checkpoint.signatureValid()).isTrue();
        byte[] otherRoot = root.clone();
        otherRoot[3] ^= 1;
        assertThat(new SignedCheckpoint(7, otherRoot, checkpoint.signedAt(), checkpoint.operatorKey(),
                checkpoint.signature()).signatureValid()).isFalse();
        assertThat(new SignedCheckpoint(8, root, checkpoint.signedAt(), checkpoint.operatorKey(),
                checkpoint.signature()).signatureValid()).isFalse();
        assertThat(Arrays.equals(CheckpointSigner.generate().sign(7, root, 1).operatorKey(), checkpoint.operatorKey()))
                .isFalse();
    }
}
