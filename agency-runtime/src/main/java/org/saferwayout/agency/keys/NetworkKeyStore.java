package org.saferwayout.agency.keys;

import com.zaxxer.hikari.HikariDataSource;
import org.saferwayout.agency.eventstore.SharedDatabasePool;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network key store: one row per data key (one sealed value of a survivor's personal data, for one recipient agency),
 * wrapped by that agency's public key-encryption key, and each agency's public keys. It holds no private
 * key and no personal data, and it lives in its own database, apart from the exchange. Every write commits
 * before the event that uses the key is appended, so a stored event never lacks its key (kill -9 included).
 * Destroying a row is crypto-shredding: every event sealed with that key becomes unreadable, for good.
 */
public class NetworkKeyStore implements AutoCloseable {

    static final String CREATE_KEK_TABLE = """
            CREATE TABLE IF NOT EXISTS key_encryption_key (
              kek_id VARCHAR(64) PRIMARY KEY,
              agency VARCHAR(64) NOT NULL,
              public_key BYTEA NOT NULL,
              created_at TIMESTAMP WITH TIME ZONE NOT NULL,
              retired_at TIMESTAMP WITH TIME ZONE)""";
    static final String CREATE_DATA_KEY_TABLE = """
            CREATE TABLE IF NOT EXISTS data_key (
              key_id VARCHAR(64) PRIMARY KEY,
              survivor_ref VARCHAR(64) NOT NULL,
              agency VARCHAR(64) NOT NULL,
              kek_id VARCHAR(64) NOT NULL,
              wrapped_key BYTEA NOT NULL,
              created_at TIMESTAMP WITH TIME ZONE NOT NULL)""";
    static final String CREATE_DATA_KEY_INDEX =
            "CREATE INDEX IF NOT EXISTS data_key_by_survivor_and_agency ON data_key (survivor_ref, agency)";

    private final HikariDataSource dataSource;

    public NetworkKeyStore(KeysProperties properties) {
        this.dataSource = SharedDatabasePool.open("network-keys", properties.jdbcUrl(), properties.username(),
                properties.password(), properties.maxPoolSize(), Duration.ofSeconds(5));
    }

    /** Creates the tables if missing; every agency may run it at once. */
    public void createSchemaIfMissing() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(CREATE_KEK_TABLE);
            statement.execute(CREATE_DATA_KEY_TABLE);
            statement.execute(CREATE_DATA_KEY_INDEX);
        } catch (SQLException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    /** A data key as stored: wrapped for {@code agency} by its key-encryption key {@code kekId}. */
    public record StoredDataKey(String keyId, SurvivorRef survivor, AgencyId agency, String kekId, byte[] wrappedKey) {
    }

    /** A public key-encryption key of an agency. */
    public record PublicKek(String kekId, AgencyId agency, byte[] publicKey) {
    }

    public void registerPublicKey(PublicKek kek, Instant at) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO key_encryption_key (kek_id, agency, public_key, created_at) "
                             + "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM key_encryption_key WHERE kek_id = ?)")) {
            insert.setString(1, kek.kekId());
            insert.setString(2, kek.agency().code());
            insert.setBytes(3, kek.publicKey());
            insert.setTimestamp(4, Timestamp.from(at));
            insert.setString(5, kek.kekId());
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw new KeyStoreUnavailableException(e);
            }
        }
    }

    /** Stops sharers from wrapping new data keys with every other key of the agency. */
    public void retireAllBut(AgencyId agency, String currentKekId, Instant at) {
        update("UPDATE key_encryption_key SET retired_at = ? WHERE agency = ? AND kek_id <> ? AND retired_at IS NULL",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(at));
                    statement.setString(2, agency.code());
                    statement.setString(3, currentKekId);
                });
    }

    /** The agency's newest key-encryption key in service, if it has registered one. */
    public Optional<PublicKek> currentPublicKey(AgencyId agency) {
        return query("SELECT kek_id, public_key FROM key_encryption_key WHERE agency = ? AND retired_at IS NULL "
                        + "ORDER BY created_at DESC, kek_id DESC LIMIT 1",
                statement -> statement.setString(1, agency.code()),
                row -> new PublicKek(row.getString(1), agency, row.getBytes(2))).stream().findFirst();
    }

    public Optional<StoredDataKey> dataKey(String keyId) {
        return query("SELECT key_id, survivor_ref, agency, kek_id, wrapped_key FROM data_key WHERE key_id = ?",
                statement -> statement.setString(1, keyId), NetworkKeyStore::dataKey).stream().findFirst();
    }

    public List<StoredDataKey> dataKeysWrappedBy(AgencyId agency, String kekId) {
        return query("SELECT key_id, survivor_ref, agency, kek_id, wrapped_key FROM data_key WHERE agency = ? AND kek_id = ?",
                statement -> {
                    statement.setString(1, agency.code());
                    statement.setString(2, kekId);
                }, NetworkKeyStore::dataKey);
    }

    /** Stores a new data key, committed before it returns. */
    public void insert(StoredDataKey key, Instant at) {
        update("INSERT INTO data_key (key_id, survivor_ref, agency, kek_id, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, key.keyId());
                    statement.setString(2, key.survivor().value());
                    statement.setString(3, key.agency().code());
                    statement.setString(4, key.kekId());
                    statement.setBytes(5, key.wrappedKey());
                    statement.setTimestamp(6, Timestamp.from(at));
                });
    }

    /** How many data keys exist for what the agency was sent about the survivor. */
    public int countDataKeys(SurvivorRef survivor, AgencyId agency) {
        return query("SELECT COUNT(*) FROM data_key WHERE survivor_ref = ? AND agency = ?", statement -> {
            statement.setString(1, survivor.value());
            statement.setString(2, agency.code());
        }, row -> row.getInt(1)).get(0);
    }

    /** Re-wraps a key under a new key-encryption key; the data key itself, and every event, stay as they are. */
    public boolean rewrap(String keyId, String fromKekId, String toKekId, byte[] wrappedKey) {
        return update("UPDATE data_key SET kek_id = ?, wrapped_key = ? WHERE key_id = ? AND kek_id = ?", statement -> {
            statement.setString(1, toKekId);
            statement.setBytes(2, wrappedKey);
            statement.setString(3, keyId);
            statement.setString(4, fromKekId);
        }) == 1;
    }

    /** Crypto-shreds what the agency was sent about the survivor. Returns how many keys were destroyed. */
    public int destroyDataKeys(SurvivorRef survivor, AgencyId agency) {
        return update("DELETE FROM data_key WHERE survivor_ref = ? AND agency = ?", statement -> {
            statement.setString(1, survivor.value());
            statement.setString(2, agency.code());
        });
    }

    /** Crypto-shreds everything any agency was sent about the survivor (an erasure request). */
    public int destroyAllDataKeys(SurvivorRef survivor) {
        return update("DELETE FROM data_key WHERE survivor_ref = ?", statement -> statement.setString(1, survivor.value()));
    }

    private static StoredDataKey dataKey(ResultSet row) throws SQLException {
        return new StoredDataKey(row.getString(1), new SurvivorRef(row.getString(2)), AgencyId.fromCode(row.getString(3)),
                row.getString(4), row.getBytes(5));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new KeyStoreUnavailableException(e);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        // 23505 on PostgreSQL and H2 alike.
        return "23505".equals(e.getSQLState());
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The key store could not be reached or refused a statement: retry later; never answered with a guess. */
    public static class KeyStoreUnavailableException extends RuntimeException {
        KeyStoreUnavailableException(SQLException cause) {
            super("network key store unavailable (SQLState " + cause.getSQLState() + ")", cause);
        }
    }
}
