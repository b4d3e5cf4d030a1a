package io.custodia.platform;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Hands out connections whose database setting {@code custodia.workspace} always matches the
 * thread's {@link Tenancy}: before a statement runs, the setting is brought up to date if the
 * thread's workspace is not the one last applied on that physical connection (so a pool of
 * connections serving one workspace pays nothing). A rollback may undo a setting made inside its
 * transaction, so after one the next statement applies it again.
 */
public final class TenantScopedDataSource extends DelegatingDataSource implements Closeable {
    /** The setting last applied on each physical connection; absent when unknown. */
    private static final Map<Object, String> APPLIED = Collections.synchronizedMap(new WeakHashMap<>());

    private static final Set<String> STATEMENTS = Set.of("createStatement", "prepareStatement", "prepareCall");

    public TenantScopedDataSource(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return scoped(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return scoped(obtainTargetDataSource().getConnection(username, password));
    }

    @Override
    public void close() {
        if (obtainTargetDataSource() instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Connection scoped(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                TenantScopedDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Scoping(connection));
    }

    private static final class Scoping implements InvocationHandler {
        private final Connection target;
        private Object physical;

        Scoping(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (STATEMENTS.contains(name) || name.equals("unwrap")) {
                apply();
            }
            try {
                if (name.equals("rollback")) {
                    APPLIED.remove(physical());
                }
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void apply() throws SQLException {
            String wanted = Tenancy.setting();
            Object connection = physical();
            if (wanted.equals(APPLIED.get(connection))) {
                return;
            }
            APPLIED.remove(connection);
            try (PreparedStatement set = target.prepareStatement("select set_config('custodia.workspace', ?, false)")) {
                set.setString(1, wanted);
                set.execute();
            }
            APPLIED.put(connection, wanted);
        }

        /** The driver's connection under the pool's wrapper: what the setting lives on. */
        private Object physical() throws SQLException {
            if (physical == null) {
                physical = target.isWrapperFor(PGConnection.class) ? target.unwrap(PGConnection.class) : target;
            }
            return physical;
        }
    }
}
