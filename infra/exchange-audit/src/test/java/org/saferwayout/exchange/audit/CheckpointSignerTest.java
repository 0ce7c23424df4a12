package org.saferwayout.exchange.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator key: generated once, owner-only, the same after a restart; its public half as base64 text. */
class CheckpointSignerTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsGeneratedOnceOwnerOnlyAndLoadedAgain() throws Exception {
        CheckpointSigner first = CheckpointSigner.loadOrGenerate(dir);
        CheckpointSigner again = CheckpointSigner.loadOrGenerate(dir);
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve(CheckpointSigner.PRIVATE_KEY_FILE)))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(dir.resolve(CheckpointSigner.PUBLIC_KEY_FILE)).trim()))
                .isEqualTo(first.publicKey());
        SignedCheckpoint signedBefore = first.sign(3, MerkleHashes.emptyRoot(), 42);
        assertThat(new SignedCheckpoint(3, MerkleHashes.emptyRoot(), 42, again.publicKey(), signedBefore.signature())
                .signatureValid()).isTrue();
    }
}
