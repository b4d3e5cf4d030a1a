package io.custodia.directory;

import static io.custodia.platform.db.Tables.APP_USER;
import static io.custodia.platform.db.Tables.TEAM_MEMBER;
import static io.custodia.platform.db.Tables.TOTP_FACTOR;

import io.custodia.platform.RenderedOnce;
import io.custodia.platform.Searches;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** The users of each workspace. E-mails are kept lower-case, so they are unique per workspace whatever their case. */
@Repository
public class Users {
    private final DSLContext db;
    private final SignInCache signIns;
    private final RenderedOnce statements;

    Users(DSLContext db, SignInCache signIns, RenderedOnce statements) {
        this.db = db;
        this.signIns = signIns;
        this.statements = statements;
    }

    /** A user as the directory shows it. */
    public record User(UUID workspaceId, UUID id, String email, String name, String status) {}

    record Credentials(UUID id, String passwordHash, boolean active) {}

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** Creates a user; false when the e-mail is taken in the workspace. */
    boolean create(UUID workspaceId, UUID id, String email, String name, String passwordHash) {
        return db.insertInto(APP_USER)
                        .set(APP_USER.WORKSPACE_ID, workspaceId)
                        .set(APP_USER.ID, id)
                        .set(APP_USER.EMAIL, normalise(email))
                        .set(APP_USER.NAME, name.strip())
                        .set(APP_USER.PASSWORD_HASH, passwordHash)
                        .onConflict(APP_USER.WORKSPACE_ID, APP_USER.EMAIL)
                        .doNothing()
                        .execute()
                == 1;
    }

    /**
     * An app's principal: a user of kind {@code integration} that owns what the app creates and can
     * never sign in (it has no password). Answers its id.
     */
    public UUID createIntegration(UUID workspaceId, UUID appId, String appName) {
        UUID id = UUID.randomUUID();
        db.insertInto(APP_USER)
                .set(APP_USER.WORKSPACE_ID, workspaceId)
                .set(APP_USER.ID, id)
                .set(APP_USER.EMAIL, "app-" + appId + "@integrations.invalid")
                .set(APP_USER.NAME, appName.strip() + " (integration)")
                .set(APP_USER.PASSWORD_HASH, "-")
                .set(APP_USER.KIND, "integration")
                .execute();
        return id;
    }

    Optional<Credentials> credentials(UUID workspaceId, String email) {
        return db.select(APP_USER.ID, APP_USER.PASSWORD_HASH, APP_USER.STATUS)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.KIND.eq("person"))
                .and(APP_USER.EMAIL.eq(normalise(email)))
                .fetchOptional(r -> new Credentials(r.value1(), r.value2(), "active".equals(r.value3())));
    }

    /** The languages a person may read in: what the console speaks. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("pt-BR"));

    /** The language the person last chose (e-mails are written in it); English until they choose. */
    public Locale languageOf(UUID workspaceId, UUID userId) {
        return chosenLanguage(workspaceId, userId).map(Locale::forLanguageTag).orElse(Locale.ENGLISH);
    }

    /** Whether the person has chosen a language yet (the console then keeps theirs). */
    private Optional<String> chosenLanguage(UUID workspaceId, UUID userId) {
        return db.select(APP_USER.LANGUAGE)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.eq(userId))
                .fetchOptional(APP_USER.LANGUAGE);
    }

    /** What {@code GET /api/v1/me} tells beyond the sign-in: the language chosen (or null) and a confirmed second factor. */
    record Settings(String language, boolean twoFactor) {}

    /** The person's {@link Settings}, in one statement: {@code /me} is the floor every page is measured against. */
    Settings settingsOf(UUID workspaceId, UUID userId) {
        // Every /me and every console page reads these: the statement is rendered once.
        Field<Boolean> confirmed = DSL.field("two_factor", Boolean.class);
        return statements
                .query(
                        "users.settingsOf",
                        v -> db.select(
                                        APP_USER.LANGUAGE,
                                        DSL.exists(DSL.selectOne()
                                                        .from(TOTP_FACTOR)
                                                        .where(TOTP_FACTOR.WORKSPACE_ID.eq((UUID) v[0]))
                                                        .and(TOTP_FACTOR.USER_ID.eq((UUID) v[1]))
                                                        .and(TOTP_FACTOR.CONFIRMED_AT.isNotNull()))
                                                .as(confirmed))
                                .from(APP_USER)
                                .where(APP_USER.WORKSPACE_ID.eq((UUID) v[0]))
                                .and(APP_USER.ID.eq((UUID) v[1])),
                        workspaceId,
                        userId)
                .fetchOptional(r -> new Settings(r.get(APP_USER.LANGUAGE), r.get(confirmed)))
                .orElse(new Settings(null, false));
    }

    void setLanguage(UUID workspaceId, UUID userId, Locale language) {
        db.update(APP_USER)
                .set(APP_USER.LANGUAGE, language.toLanguageTag())
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.eq(userId))
                .execute();
    }

    void signedIn(UUID workspaceId, UUID userId) {
        db.update(APP_USER)
                .set(APP_USER.LAST_SIGN_IN_AT, OffsetDateTime.now())
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.eq(userId))
                .execute();
    }

    /**
     * A page of the workspace's users ordered by e-mail, after the given e-mail; with a text, only
     * those whose name or e-mail contains it, whatever the case ({@code %} and {@code _} are plain
     * characters there). A null or blank text matches everyone.
     */
    public List<User> page(UUID workspaceId, String text, String afterEmail, int limit) {
        return page(workspaceId, text, null, null, null, afterEmail, limit);
    }

    /**
     * As {@link #page}, only members of the team, users of the status and users of those ids, where
     * these are not null.
     */
    public List<User> page(
            UUID workspaceId,
            String text,
            UUID teamId,
            String status,
            Collection<UUID> ids,
            String afterEmail,
            int limit) {
        // The console reads its people's names through this on every page: each combination of
        // filters is a statement rendered once, its values bound in this order.
        List<Object> values = new ArrayList<>(List.of(workspaceId));
        if (ids != null) {
            values.add(ids.toArray(UUID[]::new));
        }
        if (teamId != null) {
            values.add(teamId);
        }
        if (status != null) {
            values.add(status);
        }
        boolean searched = text != null && !text.isBlank();
        if (searched) {
            values.add(Searches.containing(text));
        }
        if (afterEmail != null) {
            values.add(afterEmail);
        }
        values.add(limit);
        List<Boolean> shape = List.of(ids != null, teamId != null, status != null, searched, afterEmail != null);
        // Read by position (the select's order in userPage): building jOOQ records of a page cost
        // more than reading it, on every console page that names people.
        return statements
                .statement(List.of("users.page", shape), v -> userPage(shape, v), values.toArray())
                .read(db, r -> {
                    List<User> users = new ArrayList<>();
                    while (r.next()) {
                        users.add(new User(
                                r.getObject(1, UUID.class),
                                r.getObject(2, UUID.class),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5)));
                    }
                    return users;
                });
    }

    /** The statement of {@link #page} for the filters the shape says are present, their values in {@code v} in order. */
    private ResultQuery<?> userPage(List<Boolean> shape, Object[] v) {
        int next = 0;
        UUID workspaceId = (UUID) v[next++];
        var condition = APP_USER.WORKSPACE_ID.eq(workspaceId);
        if (shape.get(0)) {
            condition = condition.and(APP_USER.ID.eq(DSL.any((UUID[]) v[next++])));
        }
        if (shape.get(1)) {
            condition = condition.andExists(DSL.selectOne()
                    .from(TEAM_MEMBER)
                    .where(TEAM_MEMBER.WORKSPACE_ID.eq(workspaceId))
                    .and(TEAM_MEMBER.TEAM_ID.eq((UUID) v[next++]))
                    .and(TEAM_MEMBER.USER_ID.eq(APP_USER.ID)));
        }
        if (shape.get(2)) {
            condition = condition.and(APP_USER.STATUS.eq((String) v[next++]));
        }
        if (shape.get(3)) {
            String pattern = (String) v[next++];
            char escape = Searches.ESCAPE;
            condition = condition.and(
                    APP_USER.NAME.likeIgnoreCase(pattern, escape).or(APP_USER.EMAIL.likeIgnoreCase(pattern, escape)));
        }
        if (shape.get(4)) {
            condition = condition.and(APP_USER.EMAIL.gt((String) v[next++]));
        }
        return db.select(APP_USER.WORKSPACE_ID, APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.STATUS)
                .from(APP_USER)
                .where(condition)
                .orderBy(APP_USER.EMAIL)
                .limit((Integer) v[next]);
    }

    /**
     * A page of the workspace's people (apps' users left out) in e-mail order, from the
     * {@code offset}th: all, or the one with this e-mail or this id (either may be null); never those
     * in {@code excluded}.
     */
    public List<User> persons(UUID workspaceId, Selection which, int offset, int limit) {
        return db.select(APP_USER.WORKSPACE_ID, APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.STATUS)
                .from(APP_USER)
                .where(which.condition(workspaceId))
                .orderBy(APP_USER.EMAIL)
                .offset(offset)
                .limit(limit)
                .fetch(r -> new User(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** How many people {@link #persons} pages through. */
    public int countPersons(UUID workspaceId, Selection which) {
        return db.fetchCount(APP_USER, which.condition(workspaceId));
    }

    /** Which people {@link #persons} reads: one e-mail or id, or all (nulls), less those excluded. */
    public record Selection(String email, UUID id, Collection<UUID> excluded) {
        Condition condition(UUID workspaceId) {
            Condition c = APP_USER.WORKSPACE_ID.eq(workspaceId).and(APP_USER.KIND.eq("person"));
            if (email != null) {
                c = c.and(APP_USER.EMAIL.eq(normalise(email)));
            }
            if (id != null) {
                c = c.and(APP_USER.ID.eq(id));
            }
            if (!excluded.isEmpty()) {
                c = c.and(APP_USER.ID.ne(DSL.all(excluded.toArray(UUID[]::new))));
            }
            return c;
        }
    }

    /** Renames the user; every node's sign-ins of the user carry the new name from the next request. */
    void rename(UUID workspaceId, UUID userId, String name) {
        db.update(APP_USER)
                .set(APP_USER.NAME, name.strip())
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.eq(userId))
                .execute();
        signIns.forgetWhenCommitted(workspaceId, userId);
        SignInsEnded.announce(db, workspaceId, userId);
    }

    /** Sets the status; a deactivation ends the user's sign-ins on every node when it commits. */
    void setStatus(UUID workspaceId, UUID userId, String status) {
        db.update(APP_USER)
                .set(APP_USER.STATUS, status)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.eq(userId))
                .execute();
        if (status.equals("deactivated")) {
            signIns.forgetWhenCommitted(workspaceId, userId);
            SignInsEnded.announce(db, workspaceId, userId);
        }
    }

    /** The ids of the workspace's deactivated users. */
    public List<UUID> deactivated(UUID workspaceId) {
        return db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.STATUS.eq("deactivated"))
                .fetch(APP_USER.ID);
    }

    public Optional<User> find(UUID workspaceId, UUID userId) {
        return one(APP_USER.WORKSPACE_ID.eq(workspaceId).and(APP_USER.ID.eq(userId)));
    }

    /** The user, when a person (not an app's principal, which can never sign in). */
    public Optional<User> findPerson(UUID workspaceId, UUID userId) {
        return one(APP_USER.WORKSPACE_ID
                .eq(workspaceId)
                .and(APP_USER.ID.eq(userId))
                .and(APP_USER.KIND.eq("person")));
    }

    /** Which of these ids are people of the workspace (not apps' users), in one query. */
    public Set<UUID> peopleAmong(UUID workspaceId, Collection<UUID> userIds) {
        return new HashSet<>(db.select(APP_USER.ID)
                .from(APP_USER)
                .where(APP_USER.WORKSPACE_ID.eq(workspaceId))
                .and(APP_USER.ID.in(userIds))
                .and(APP_USER.KIND.eq("person"))
                .fetch(APP_USER.ID));
    }

    /** The user with this e-mail (compared as sign-in compares it). */
    public Optional<User> findByEmail(UUID workspaceId, String email) {
        return one(APP_USER.WORKSPACE_ID.eq(workspaceId).and(APP_USER.EMAIL.eq(normalise(email))));
    }

    private Optional<User> one(Condition which) {
        return db.select(APP_USER.WORKSPACE_ID, APP_USER.ID, APP_USER.EMAIL, APP_USER.NAME, APP_USER.STATUS)
                .from(APP_USER)
                .where(which)
                .fetchOptional(r -> new User(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
