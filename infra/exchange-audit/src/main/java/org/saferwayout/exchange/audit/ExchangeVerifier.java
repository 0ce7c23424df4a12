package org.saferwayout.exchange.audit;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recomputes the exchange's Merkle tree from the stored rows and checks it against everything that vouches for
 * it: the leaf hashes recorded when each event was appended (which name the exact leaf that changed), the
 * operator's signed checkpoints (signature, key, root at each size) and, if given, the checkpoints the agencies
 * witnessed (which a database administrator cannot reach, so a consistent rewrite of the whole chain still shows).
 */
public final class ExchangeVerifier {

    /** Told how far verification has got. */
    public interface Progress {
        void leavesVerified(long done, long total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * @param operatorKey the operator's public key as the auditor knows it independently (config, a witness's pin);
     *                    null to accept the key of the store's first checkpoint, which a full rewrite could replace
     * @param witnessed   checkpoints the witnesses kept
     */
    public record Options(byte[] operatorKey, List<WitnessedCheckpoint> witnessed, Progress progress) {

        public static Options defaults() {
            return new Options(null, List.of(), Progress.NONE);
        }
    }

    private static final int PROGRESS_EVERY = 10_000;

    private ExchangeVerifier() {
    }

    public static VerificationReport verify(AuditSource source, Options options) throws Exception {
        long started = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<SignedCheckpoint> checkpoints = source.checkpoints();
        byte[] operatorKey = options.operatorKey() != null ? options.operatorKey()
                : firstWitnessKey(options.witnessed(), checkpoints);
        boolean pinned = options.operatorKey() != null || !options.witnessed().isEmpty();

        Map<Long, List<Expected>> expectedRoots = new TreeMap<>();
        // Ed25519 verification is the costly part of a checkpoint: all of them at once, on every core.
        List<Finding> signatureFindings = java.util.Collections.synchronizedList(new ArrayList<>());
        checkpoints.parallelStream().forEach(checkpoint -> checkSignature(checkpoint, operatorKey, "", signatureFindings));
        findings.addAll(signatureFindings);
        for (SignedCheckpoint checkpoint : checkpoints) {
            expectedRoots.computeIfAbsent(checkpoint.treeSize(), size -> new ArrayList<>())
                    .add(new Expected(checkpoint, null));
        }
        for (WitnessedCheckpoint witnessed : options.witnessed()) {
            checkSignature(witnessed.checkpoint(), operatorKey, " (kept by witness " + witnessed.witness() + ")", findings);
            expectedRoots.computeIfAbsent(witnessed.checkpoint().treeSize(), size -> new ArrayList<>())
                    .add(new Expected(witnessed.checkpoint(), witnessed.witness()));
        }

        long total = source.leafCount();
        Walk walk = new Walk(expectedRoots, findings, options.progress(), total);
        walkInParallel(source, walk);
        long treeSize = walk.tree.size();
        for (Map.Entry<Long, List<Expected>> beyond : ((TreeMap<Long, List<Expected>>) expectedRoots)
                .tailMap(treeSize, false).entrySet()) {
            for (Expected expected : beyond.getValue()) {
                findings.add(new Finding(expected.witness == null ? Finding.Kind.CHECKPOINT_BEYOND_TREE
                        : Finding.Kind.WITNESS_MISMATCH, treeSize, -1,
                        "checkpoint at tree size " + beyond.getKey() + expected.by()
                                + " covers leaves the tree no longer has (it has " + treeSize + ")"));
            }
        }
        long[] outside = {0};
        long passed = walk.highestGlobalIndex;
        source.forEachEventOutsideTheTree(globalIndex -> {
            if (globalIndex < passed) {
                findings.add(new Finding(Finding.Kind.EVENT_OUTSIDE_TREE, -1, globalIndex,
                        "no leaf names this event, yet the tree had already appended global index " + passed
                                + " (an event inserted afterwards, or committed later than the late-event window)"));
            } else {
                outside[0]++;
            }
        });
        options.progress().leavesVerified(treeSize, treeSize);
        findings.sort(java.util.Comparator.comparingLong(Finding::position));
        return new VerificationReport(treeSize, checkpoints.size(), options.witnessed().size(), outside[0],
                operatorKey == null ? "none" : SignedCheckpoint.keyId(operatorKey), pinned, findings,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static final int BATCH = 2048;
    private static final List<AuditSource.Leaf> END = List.of();
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(MerkleHashes::sha256);

    /**
     * One thread reads the source while this one hashes each batch of leaves on every core, then walks the tree in
     * order: reading, hashing and tree building overlap.
     */
    private static void walkInParallel(AuditSource source, Walk walk) throws Exception {
        java.util.concurrent.BlockingQueue<List<AuditSource.Leaf>> batches = new java.util.concurrent.ArrayBlockingQueue<>(8);
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = new Thread(() -> {
            List<AuditSource.Leaf>[] batch = new List[] {new ArrayList<>(BATCH)};
            try {
                source.forEachLeaf(leaf -> {
                    batch[0].add(leaf);
                    if (batch[0].size() == BATCH) {
                        batches.put(batch[0]);
                        batch[0] = new ArrayList<>(BATCH);
                    }
                });
                batches.put(batch[0]);
            } catch (Exception e) {
                failure.set(e);
            } finally {
                try {
                    batches.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "exchange-audit-reader");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            List<AuditSource.Leaf> batch = batches.take();
            if (batch == END) {
                break;
            }
            byte[][] hashes = new byte[batch.size()][];
            java.util.stream.IntStream.range(0, batch.size()).parallel().forEach(i -> {
                StoredEvent event = batch.get(i).event();
                hashes[i] = event == null ? null : event.leafHash(DIGESTS.get());
            });
            for (int i = 0; i < hashes.length; i++) {
                walk.visit(batch.get(i), hashes[i]);
            }
        }
        reader.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static byte[] firstWitnessKey(List<WitnessedCheckpoint> witnessed, List<SignedCheckpoint> checkpoints) {
        if (!witnessed.isEmpty()) {
            return witnessed.get(0).checkpoint().operatorKey();
        }
        return checkpoints.isEmpty() ? null : checkpoints.get(0).operatorKey();
    }

    private static void checkSignature(SignedCheckpoint checkpoint, byte[] operatorKey, String by, List<Finding> findings) {
        long lastLeaf = checkpoint.treeSize() - 1;
        if (operatorKey != null && !checkpoint.signedBy(operatorKey)) {
            findings.add(new Finding(Finding.Kind.CHECKPOINT_UNKNOWN_KEY, lastLeaf, -1, "checkpoint at tree size "
                    + checkpoint.treeSize() + by + " is signed by key " + SignedCheckpoint.keyId(checkpoint.operatorKey())
                    + ", not the operator's " + SignedCheckpoint.keyId(operatorKey)));
        } else if (!checkpoint.signatureValid()) {
            findings.add(new Finding(Finding.Kind.CHECKPOINT_SIGNATURE_INVALID, lastLeaf, -1, "checkpoint at tree size "
                    + checkpoint.treeSize() + by + ": its signature does not match its size, root and time"));
        }
    }

    private record Expected(SignedCheckpoint checkpoint, String witness) {
        String by() {
            return witness == null ? "" : " (kept by witness " + witness + ")";
        }
    }

    /** The streaming pass over the leaves. */
    private static final class Walk {
        final CompactMerkleTree tree = new CompactMerkleTree();
        final Map<Long, List<Expected>> expectedRoots;
        final List<Finding> findings;
        final Progress progress;
        final long total;
        final BitSet seen = new BitSet();
        final Set<Long> seenBeyondBitSet = new HashSet<>();
        long highestGlobalIndex;
        long lastGoodCheckpoint;

        Walk(Map<Long, List<Expected>> expectedRoots, List<Finding> findings, Progress progress, long total) {
            this.expectedRoots = expectedRoots;
            this.findings = findings;
            this.progress = progress;
            this.total = total;
        }

        void visit(AuditSource.Leaf leaf, byte[] computedHash) {
            long position = tree.size();
            while (leaf.leafIndex() > position) {
                findings.add(new Finding(Finding.Kind.LEAF_MISSING, position, -1, "the tree's leaf " + position
                        + " is gone: leaves run on from " + leaf.leafIndex()));
                position++;
            }
            byte[] hash = leaf.recordedHash();
            if (leaf.event() == null) {
                findings.add(new Finding(Finding.Kind.EVENT_MISSING, position, leaf.globalIndex(),
                        "the leaf names an event that is no longer stored"));
            } else {
                hash = computedHash;
                if (leaf.event().globalIndex() != leaf.globalIndex()) {
                    findings.add(new Finding(Finding.Kind.EVENT_ALTERED, position, leaf.globalIndex(),
                            "the leaf names global index " + leaf.globalIndex() + " but carries event "
                                    + leaf.event().globalIndex()));
                } else if (!Arrays.equals(hash, leaf.recordedHash())) {
                    findings.add(new Finding(Finding.Kind.EVENT_ALTERED, position, leaf.globalIndex(),
                            "the stored row no longer hashes to the leaf hash recorded when it was appended"));
                }
                if (!firstSighting(leaf.globalIndex())) {
                    findings.add(new Finding(Finding.Kind.DUPLICATE_EVENT, position, leaf.globalIndex(),
                            "an earlier leaf already names this event"));
                }
            }
            highestGlobalIndex = Math.max(highestGlobalIndex, leaf.globalIndex());
            tree.append(hash == null ? new byte[MerkleHashes.HASH_LENGTH] : hash);
            List<Expected> expected = expectedRoots.get(tree.size());
            if (expected != null) {
                byte[] root = tree.root();
                for (Expected checkpoint : expected) {
                    if (Arrays.equals(root, checkpoint.checkpoint().rootHash())) {
                        continue;
                    }
                    Finding.Kind kind = checkpoint.witness() == null ? Finding.Kind.CHECKPOINT_ROOT_MISMATCH
                            : Finding.Kind.WITNESS_MISMATCH;
                    findings.add(new Finding(kind, tree.size() - 1, -1, "checkpoint at tree size " + tree.size()
                            + checkpoint.by() + " has root " + checkpoint.checkpoint().rootHex()
                            + ", the stored history gives " + MerkleHashes.hex(root)
                            + ": the checkpoint, or leaves " + lastGoodCheckpoint + " to " + (tree.size() - 1) + ", were altered"));
                }
                if (expected.stream().allMatch(e -> Arrays.equals(root, e.checkpoint().rootHash()))) {
                    lastGoodCheckpoint = tree.size();
                }
            }
            if (tree.size() % PROGRESS_EVERY == 0) {
                progress.leavesVerified(tree.size(), total);
            }
        }

        private boolean firstSighting(long globalIndex) {
            if (globalIndex >= 0 && globalIndex < Integer.MAX_VALUE) {
                if (seen.get((int) globalIndex)) {
                    return false;
                }
                seen.set((int) globalIndex);
                return true;
            }
            return seenBeyondBitSet.add(globalIndex);
        }
    }
}
