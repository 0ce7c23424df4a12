package org.saferwayout.network.tests;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** Throw-away databases on the machine's PostgreSQL (127.0.0.1:5432, trust auth) for the process-level tests. */
final class PostgresDatabases {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private PostgresDatabases() {
    }

    static void create(List<String> names) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("CREATE DATABASE " + name);
            }
        }
    }

    static void drop(List<String> names) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /** An agency service's arguments for every store on PostgreSQL: the exchange, the key store, its private store. */
    static List<String> serviceArgs(String exchange, String keys, String privateStore) {
        return List.of(
                "--swo.exchange.jdbc-url=" + POSTGRES + exchange,
                "--swo.exchange.username=postgres",
                "--swo.exchange.password=",
                "--swo.keys.jdbc-url=" + POSTGRES + keys,
                "--swo.keys.username=postgres",
                "--swo.keys.password=",
                "--spring.datasource.url=" + POSTGRES + privateStore,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
    }

    /** The single number a {@code select count(*) ...} returns in that database. */
    static long count(String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(POSTGRES + database, "postgres", "");
             Statement statement = connection.createStatement();
             var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
