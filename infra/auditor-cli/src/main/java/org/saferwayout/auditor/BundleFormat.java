package org.saferwayout.auditor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.saferwayout.exchange.audit.SignedCheckpoint;
import org.saferwayout.exchange.audit.StoredEvent;
import org.saferwayout.exchange.audit.WitnessedCheckpoint;

/**
 * The audit bundle, JSON Lines: a header line, one line per signed checkpoint, one line per leaf (in leaf order,
 * with the exchange row it names, every column as stored, bytes in base64), one line per stored event no leaf
 * names, and an end line. The checkpoints carry the operator's Ed25519 signatures, which is what makes the bundle
 * verifiable away from the exchange.
 */
final class BundleFormat {

    static final String FORMAT = "swo-exchange-audit-bundle/1";

    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleFormat() {
    }

    record Header(String bundle, String exportedAt, long leaves, long checkpoints) {
    }

    record Event(long globalIndex, String eventIdentifier, String aggregateIdentifier, Long sequenceNumber, String type,
                 String payloadType, String payloadRevision, String timeStamp, byte[] payload, byte[] metaData) {

        static Event of(StoredEvent event) {
            return new Event(event.globalIndex(), event.eventIdentifier(), event.aggregateIdentifier(),
                    event.sequenceNumber(), event.type(), event.payloadType(), event.payloadRevision(),
                    event.timeStamp(), event.payload(), event.metaData());
        }

        StoredEvent stored() {
            return new StoredEvent(globalIndex, eventIdentifier, aggregateIdentifier, sequenceNumber, type, payloadType,
                    payloadRevision, timeStamp, payload, metaData);
        }
    }

    record Leaf(long index, long globalIndex, byte[] leafHash, Event event) {
    }

    /** A checkpoint as the exchange holds it, or as a witness kept it ({@code witness} set). */
    record Checkpoint(long treeSize, byte[] rootHash, long signedAt, byte[] operatorKey, byte[] signature,
                      String witness, Long witnessedAt) {

        static Checkpoint of(SignedCheckpoint checkpoint) {
            return new Checkpoint(checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.signedAt(),
                    checkpoint.operatorKey(), checkpoint.signature(), null, null);
        }

        SignedCheckpoint signed() {
            return new SignedCheckpoint(treeSize, rootHash, signedAt, operatorKey, signature);
        }

        WitnessedCheckpoint witnessed(String defaultWitness) {
            return new WitnessedCheckpoint(witness == null ? defaultWitness : witness, signed());
        }
    }

    record End(long leaves, long eventsOutsideTree) {
    }

    /** One line: exactly one field is set. */
    record Line(Header header, Checkpoint checkpoint, Leaf leaf, Event outside, End end) {
    }
}
