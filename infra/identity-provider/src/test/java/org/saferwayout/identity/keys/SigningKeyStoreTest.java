package org.saferwayout.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesKeyOnceAndReusesItAfterRestart() throws Exception {
        Path keyFile = dataDir.resolve("nested/identity/signing-key.jwk.json");

        RSAKey first = new SigningKeyStore(keyFile).loadOrCreate();
        RSAKey second = new SigningKeyStore(keyFile).loadOrCreate();

        assertThat(Files.exists(keyFile)).isTrue();
        assertThat(first.isPrivate()).isTrue();
        assertThat(first.size()).isEqualTo(2048);
        assertThat(first.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(first.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toPublicJWK()).isEqualTo(first.toPublicJWK());
        assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
    }

    @Test
    void differentFilesGetDifferentKeys() {
        RSAKey a = new SigningKeyStore(dataDir.resolve("a.json")).loadOrCreate();
        RSAKey b = new SigningKeyStore(dataDir.resolve("b.json")).loadOrCreate();

        assertThat(a.getKeyID()).isNotEqualTo(b.getKeyID());
    }

    @Test
    void keyFileIsOwnerOnly() throws Exception {
        Path keyFile = dataDir.resolve("signing-key.jwk.json");
        new SigningKeyStore(keyFile).loadOrCreate();

        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(keyFile))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(keyFile);
        }
    }

    @Test
    void corruptFileIsNeitherReplacedNorEchoed() throws Exception {
        Path keyFile = dataDir.resolve("signing-key.jwk.json");
        Files.writeString(keyFile, "{\"kty\":\"RSA\",\"secret-looking\":\"abc123");

        assertThatThrownBy(() -> new SigningKeyStore(keyFile).loadOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageNotContaining("abc123")
                .hasNoCause();
        assertThat(Files.readString(keyFile)).contains("abc123");
    }

    @Test
    void publicOnlyKeyIsRefused() throws Exception {
        Path keyFile = dataDir.resolve("signing-key.jwk.json");
        RSAKey key = new SigningKeyStore(dataDir.resolve("other.json")).loadOrCreate();
        Files.writeString(keyFile, key.toPublicJWK().toJSONString());

        assertThatThrownBy(() -> new SigningKeyStore(keyFile).loadOrCreate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("private RSA key");
    }
}
