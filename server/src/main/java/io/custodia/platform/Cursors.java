package io.custodia.platform;

import static io.custodia.platform.db.Tables.CURSOR_KEY;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Keyset paging. A cursor is the last row's sort key sealed with AES-GCM under a key of the
 * workspace and the day it was given out, and bound to the request that got it (the caller, the
 * path and every query parameter but the cursor and the page size): it carries no value in clear,
 * and one that was forged, edited, used by someone else, on another list or with other filters
 * answers 400, never a page. Keys live in the database (one per workspace and day, made by the first
 * node that needs it), so every node reads every node's cursors; a cursor older than a week has
 * expired.
 */
@Component
public class Cursors {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** How long a cursor may be followed after it was given out. */
    static final Duration LIFETIME = Duration.ofDays(7);

    private static final int IV_BYTES = AesGcm.IV_BYTES;
    private static final int TAG_BITS = AesGcm.TAG_BITS;
    private static final String NOT_OURS = "the cursor is not one this server gave out for this list";

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<Map.Entry<UUID, Integer>, SecretKeySpec> keys = Caffeine.newBuilder()
            .expireAfterAccess(LIFETIME.plusDays(1))
            .maximumSize(100_000)
            .build();

    @Autowired
    Cursors(DSLContext db, PlatformTransactionManager transactions) {
        this(db, transactions, Clock.systemUTC());
    }

    Cursors(DSLContext db, PlatformTransactionManager transactions, Clock clock) {
        this.db = db;
        // A key is made in a transaction of its own: the request's may be read-only, or roll back
        // after the key was cached and its cursors given out.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** What joins a cursor's parts: no stored text holds it (see {@link #decode}). */
    private static final String NUL = "\u0000";

    /** The sealed form of a position (its sort key's parts), for the current request's caller and list. */
    public String encode(String... parts) {
        Binding binding = Binding.current();
        int day = today();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = AesGcm.crypt(
                Cipher.ENCRYPT_MODE,
                keyOf(binding.workspaceId(), day),
                iv,
                binding.text(),
                (NUL + String.join(NUL, parts)).getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(4 + IV_BYTES + sealed.length);
        out.putInt(day).put(iv).put(sealed);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /** The parts of a cursor this server gave out for this caller and list, checked to be {@code count} long. */
    public List<String> decode(String cursor, int count) {
        Binding binding = Binding.current();
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
        if (in.remaining() < 4 + IV_BYTES + TAG_BITS / 8) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
        int day = in.getInt();
        int today = today();
        if (day > today) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
        if (today - day > LIFETIME.toDays()) {
            throw ApiProblem.badRequest("the cursor has expired; start again from the first page");
        }
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        String text;
        try {
            text = new String(
                    AesGcm.crypt(Cipher.DECRYPT_MODE, keyOf(binding.workspaceId(), day), iv, binding.text(), sealed),
                    StandardCharsets.UTF_8);
        } catch (AesGcm.SealBroken e) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
        // Parts are joined by NUL, which no stored text holds (PostgreSQL refuses it in text): a name
        // with a line break in it split a cursor joined by newlines into one part too many, and
        // whoever paged by name past that record got 400. A cursor without the leading NUL was
        // sealed before that change (within its lifetime) and is read as it was written.
        List<String> parts =
                text.startsWith(NUL) ? List.of(text.substring(1).split(NUL, -1)) : List.of(text.split("\n", -1));
        if (parts.size() != count) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
        return parts;
    }

    private int today() {
        return (int) LocalDate.now(clock).toEpochDay();
    }

    /** The workspace's key of the day: read, or made by this node if no node has made it yet. */
    private SecretKeySpec keyOf(UUID workspaceId, int day) {
        return keys.get(
                Map.entry(workspaceId, day),
                k -> Tenancy.in(
                        workspaceId,
                        () -> ownTransaction.execute(status -> {
                            byte[] fresh = new byte[32];
                            random.nextBytes(fresh);
                            db.insertInto(CURSOR_KEY)
                                    .set(CURSOR_KEY.WORKSPACE_ID, workspaceId)
                                    .set(CURSOR_KEY.DAY, day)
                                    .set(CURSOR_KEY.SECRET, fresh)
                                    .onConflictDoNothing()
                                    .execute();
                            db.deleteFrom(CURSOR_KEY)
                                    .where(CURSOR_KEY.WORKSPACE_ID.eq(workspaceId))
                                    .and(CURSOR_KEY.DAY.lt(day - (int) LIFETIME.toDays() - 1))
                                    .execute();
                            byte[] secret = db.select(CURSOR_KEY.SECRET)
                                    .from(CURSOR_KEY)
                                    .where(CURSOR_KEY.WORKSPACE_ID.eq(workspaceId))
                                    .and(CURSOR_KEY.DAY.eq(day))
                                    .fetchSingle(CURSOR_KEY.SECRET);
                            return new SecretKeySpec(secret, "AES");
                        })));
    }

    /** What a cursor is bound to: the caller, and the list it pages (path and parameters). */
    private record Binding(UUID workspaceId, String text) {
        static Binding current() {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !(auth.getPrincipal() instanceof WorkspacePrincipal me)) {
                throw new IllegalStateException("a cursor is given out only to a signed-in caller");
            }
            HttpServletRequest request =
                    ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
            Map<String, List<String>> parameters = new TreeMap<>();
            request.getParameterMap().forEach((name, values) -> {
                if (!name.equals("cursor") && !name.equals("limit")) {
                    parameters.put(name, List.of(values));
                }
            });
            List<String> text = new ArrayList<>();
            text.add(me.workspaceId().toString());
            text.add(me.principalId().toString());
            text.add(request.getRequestURI());
            parameters.forEach((name, values) -> text.add(name + "=" + String.join("\u0000", values)));
            return new Binding(me.workspaceId(), String.join("\u0001", text));
        }
    }

    /** The page size, 1 to 200, 50 when absent. */
    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiProblem(
                    HttpStatus.BAD_REQUEST,
                    "Bad request",
                    ProblemText.of("limit must be between 1 and {0}", MAX_LIMIT),
                    List.of(new ApiProblem.FieldError("limit", "between 1 and {0}", MAX_LIMIT)));
        }
        return limit;
    }

    /** The position a cursor names by time and id, null for none; 400 for one this server did not give out. */
    public TimeAndId timeAndId(String cursor) {
        if (cursor == null) {
            return null;
        }
        List<String> parts = decode(cursor, 2);
        try {
            return new TimeAndId(OffsetDateTime.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest(NOT_OURS);
        }
    }

    /** The cursor of a position by time and id. */
    public String encode(TimeAndId position) {
        return encode(position.at().toString(), position.id().toString());
    }

    /** A keyset position by time and id, the sort key of most lists here. */
    public record TimeAndId(OffsetDateTime at, UUID id) {}

    /** A page of items and the cursor of the next one (null on the last page). */
    public record Page<T>(
            List<T> items,
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
}
