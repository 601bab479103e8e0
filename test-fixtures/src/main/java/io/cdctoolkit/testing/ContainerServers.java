package io.cdctoolkit.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.mysql.MySQLContainer;

import java.time.Duration;

/**
 * MySQL and SQL Server in Testcontainers containers: neither has a package for this machine, so
 * their tests run only where a Docker engine exists and skip with {@link #NO_DOCKER} elsewhere.
 */
public final class ContainerServers {

    /** Why container-backed tests skip. */
    public static final String NO_DOCKER = "no Docker engine: MySQL and SQL Server cannot run on this machine (no "
            + "packages), so their end-to-end tests need Testcontainers with Docker; their option mapping and type "
            + "conversion are unit-tested from recorded Debezium records";

    private ContainerServers() {
    }

    /** Whether Testcontainers can reach a Docker engine. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A started MySQL 8.4 with a row-based binlog; user {@code root}, password {@code test}. The caller closes it. */
    public static MySQLContainer mysql() {
        MySQLContainer mysql = new MySQLContainer("mysql:8.4")
                .withUsername("root").withPassword("test").withDatabaseName("app");
        mysql.withCommand("--server-id=1", "--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL");
        mysql.withStartupTimeout(Duration.ofMinutes(3));
        mysql.start();
        return mysql;
    }

    /** A started SQL Server 2022 with SQL Server Agent (CDC needs it); user {@code sa}. The caller closes it. */
    public static MSSQLServerContainer sqlServer() {
        MSSQLServerContainer server = new MSSQLServerContainer("mcr.microsoft.com/mssql/server:2022-latest")
                .acceptLicense();
        server.withEnv("MSSQL_AGENT_ENABLED", "true");
        server.withStartupTimeout(Duration.ofMinutes(5));
        server.start();
        return server;
    }
}
