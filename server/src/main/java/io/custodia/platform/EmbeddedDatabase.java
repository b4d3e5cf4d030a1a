package io.custodia.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * The PostgreSQL 17 that runs beside the server when no external database is configured. Its data
 * lives in {@code <data dir>/postgres} and survives restarts. Starting it also cleans up after a
 * server that was killed: a postmaster orphaned by {@code kill -9} is stopped, and PostgreSQL's own
 * crash recovery does the rest.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String MAJOR_VERSION = "17";
    static final String DATABASE = "custodia";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path directory, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    /** Starts (or first creates) the database in {@code dataDir/postgres}, with {@code memory} of buffer cache. */
    public static EmbeddedDatabase start(Path dataDir, DataSize memory) {
        Path directory = directoryOf(dataDir);
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(
                    dataDir.toAbsolutePath().resolve("custodia.lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw failure(
                        directory,
                        "another Custodia server is using this data directory; stop it or set CUSTODIA_DATA_DIR to another folder",
                        null);
            }
            checkMajorVersion(directory);
            stopOrphanedPostmaster(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // zonky's defaults trade durability for speed (fsync and synchronous_commit off);
                    // this is the server's real data, so both are on.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("shared_buffers", memory.toMegabytes() + "MB")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            createDatabase(postgres);
            log.info(
                    "Embedded PostgreSQL {} running on port {} with data in {}",
                    MAJOR_VERSION,
                    postgres.getPort(),
                    directory);
            return new EmbeddedDatabase(directory, channel, lock, postgres);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof DatabaseStartException d) {
                throw d;
            }
            throw failure(directory, rootCause(e), e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    /** The same database, signed in as another (local, password-less) role. */
    public String jdbcUrl(String role) {
        return postgres.getJdbcUrl(role, DATABASE);
    }

    public String user() {
        return "postgres";
    }

    public Path directory() {
        return directory;
    }

    /** Stops PostgreSQL cleanly, so the next start needs no recovery. */
    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                log.debug("releasing the data directory lock", e);
            }
            closeQuietly(lockChannel);
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database '" + DATABASE + "': " + e.getMessage(), e);
        }
    }

    private static void checkMajorVersion(Path directory) throws IOException {
        Path versionFile = directory.resolve("PG_VERSION");
        if (Files.exists(versionFile)) {
            String version =
                    Files.readString(versionFile, StandardCharsets.US_ASCII).strip();
            if (!MAJOR_VERSION.equals(version)) {
                throw failure(
                        directory,
                        "the data directory was made by PostgreSQL " + version + " but this server embeds "
                                + MAJOR_VERSION
                                + "; move the directory aside, or point CUSTODIA_DATABASE_URL at a PostgreSQL "
                                + version,
                        null);
            }
        }
    }

    /**
     * A server killed with SIGKILL leaves its postmaster running with no one to stop it. Holding the
     * data directory lock proves no live Custodia server owns it, so the postmaster is an orphan.
     */
    private static void stopOrphanedPostmaster(Path directory) throws IOException {
        Optional<ProcessHandle> process = pidFileOf(directory).flatMap(ProcessHandle::of);
        if (process.isEmpty() || !process.get().isAlive() || !isPostgres(process.get())) {
            // A stale pid file: PostgreSQL sees that the process is gone and recovers by itself.
            return;
        }
        log.warn(
                "Stopping PostgreSQL (pid {}) left running by a server that did not shut down",
                process.get().pid());
        process.get().destroy();
        try {
            process.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
        }
    }

    /**
     * The postmaster of the database kept in {@code dataDir} (as {@link #start} lays it out), as its
     * {@code postmaster.pid} names it: empty when there is none or it names no process.
     */
    public static Optional<ProcessHandle> postmasterOf(Path dataDir) throws IOException {
        return pidFileOf(directoryOf(dataDir)).flatMap(ProcessHandle::of);
    }

    private static Path directoryOf(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("postgres");
    }

    /** The pid in a database directory's {@code postmaster.pid}: empty without one, or with no number in it. */
    private static Optional<Long> pidFileOf(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        try {
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static DatabaseStartException failure(Path directory, String why, Throwable cause) {
        return new DatabaseStartException(
                "The embedded PostgreSQL could not start in " + directory + ": " + why
                        + ". Fix that, or run against your own PostgreSQL 15+ by setting CUSTODIA_DATABASE_URL"
                        + " (with CUSTODIA_DATABASE_USER and CUSTODIA_DATABASE_PASSWORD).",
                cause);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing the lock file", e);
            }
        }
    }

    /** Why the embedded database did not start, and what to do about it. */
    public static final class DatabaseStartException extends RuntimeException {
        DatabaseStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
