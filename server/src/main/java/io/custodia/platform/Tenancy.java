package io.custodia.platform;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The workspace the current thread works for, which the database's row-level security enforces as
 * a second wall behind every query's own {@code workspace_id} condition (migration V14). A request
 * enters its workspace as soon as it knows it (from the token, the sign-in form, the app's client
 * id); background work that sweeps every workspace says so with {@link #acrossWorkspaces}. A thread
 * that entered nothing sees no workspace's rows at all.
 */
public final class Tenancy {
    /** What the database setting {@code custodia.workspace} holds for "every workspace". */
    static final String EVERY_WORKSPACE = "*";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Tenancy() {}

    /** From now on this thread works for the workspace (until {@link #leave()}). */
    public static void enter(UUID workspaceId) {
        CURRENT.set(Objects.requireNonNull(workspaceId, "workspaceId").toString());
    }

    /** From now on this thread sees every workspace: for sweeping background work and tests only. */
    public static void enterEveryWorkspace() {
        CURRENT.set(EVERY_WORKSPACE);
    }

    /** This thread works for no workspace any more. */
    public static void leave() {
        CURRENT.remove();
    }

    /** Runs the work for the workspace, then returns to whatever the thread worked for before. */
    public static <T> T in(UUID workspaceId, Supplier<T> work) {
        String before = CURRENT.get();
        enter(workspaceId);
        try {
            return work.get();
        } finally {
            restore(before);
        }
    }

    /** Runs the work for the workspace, then returns to whatever the thread worked for before. */
    public static void in(UUID workspaceId, Runnable work) {
        in(workspaceId, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs the work, then returns the thread to whatever it worked for before, whichever workspaces
     * the work entered or left (a console page's API call, whose filters leave the workspace).
     */
    public static void preserved(Runnable work) {
        String before = CURRENT.get();
        try {
            work.run();
        } finally {
            restore(before);
        }
    }

    /** Runs background work that sweeps every workspace (mail, webhooks, heartbeats, purges). */
    public static <T> T acrossWorkspaces(Supplier<T> work) {
        String before = CURRENT.get();
        enterEveryWorkspace();
        try {
            return work.get();
        } finally {
            restore(before);
        }
    }

    /** Runs background work that sweeps every workspace (mail, webhooks, heartbeats, purges). */
    public static void acrossWorkspaces(Runnable work) {
        acrossWorkspaces(() -> {
            work.run();
            return null;
        });
    }

    /** What the database setting should hold now: a workspace id, "*", or "" for none. */
    static String setting() {
        String current = CURRENT.get();
        return current == null ? "" : current;
    }

    private static void restore(String before) {
        if (before == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(before);
        }
    }
}
