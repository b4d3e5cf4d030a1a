package io.custodia.directory;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import dev.samstevens.totp.util.Utils;
import io.custodia.access.AccessPolicies;
import io.custodia.access.SystemPermissionGuard;
import io.custodia.audit.AuditLog;
import io.custodia.platform.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two-factor sign-in with RFC 6238 codes (SHA-1, 6 digits, 30 s, the settings every authenticator
 * app reads from the QR code): enrolment, checking a code or a recovery code at sign-in, removal,
 * and the workspace's policy of whom it is required. A code is accepted from the step before to the
 * step after now (clocks drift), once: its step becomes the newest used, and no step up to it is
 * accepted again.
 */
@Service
public class TwoFactor {
    static final int PERIOD_SECONDS = 30;
    static final int RECOVERY_CODES = 10;
    private static final String ISSUER = "Custodia";
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private final TotpFactors factors;
    private final LoginThrottle throttle;
    private final Workspaces workspaces;
    private final AccessPolicies access;
    private final Tokens tokens;
    private final AuditLog audit;
    private final SystemPermissionGuard guard;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();
    private final CodeGenerator codes = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);
    private final DefaultSecretGenerator secrets = new DefaultSecretGenerator(32);
    private final SecureRandom random = new SecureRandom();

    TwoFactor(
            TotpFactors factors,
            LoginThrottle throttle,
            Workspaces workspaces,
            AccessPolicies access,
            Tokens tokens,
            AuditLog audit,
            PlatformTransactionManager transactions,
            SystemPermissionGuard guard) {
        this.guard = guard;
        this.factors = factors;
        this.throttle = throttle;
        this.workspaces = workspaces;
        this.access = access;
        this.tokens = tokens;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    /** A secret to add to an authenticator app, as text, as an otpauth URI and as a QR code (a PNG data URI). */
    public record Enrolment(String secret, String otpauthUri, String qrCodePng) {}

    /** Whether the person has a confirmed second factor. */
    boolean enrolled(UUID workspaceId, UUID userId) {
        return factors.confirmed(workspaceId, userId);
    }

    /**
     * Whether the person's sign-ins may now only enrol a second factor: the workspace's policy
     * requires one of them (as their permissions stand at this request) and they have none.
     */
    boolean mayOnlyEnrol(UUID workspaceId, UUID userId) {
        return workspaces
                .twoFactor(workspaceId)
                .limits(enrolled(workspaceId, userId), p -> access.has(workspaceId, userId, p));
    }

    /**
     * Sets whom the workspace requires a second factor of. It applies to live sign-ins too: every
     * node reads them again when the caller's transaction commits.
     */
    void setPolicy(UUID workspaceId, TwoFactorPolicy policy) {
        workspaces.setTwoFactor(workspaceId, policy);
        tokens.readAgainInWorkspace(workspaceId);
    }

    /** Starts (or starts again) an enrolment: a new secret, confirmed by its first code. */
    public Enrolment begin(CurrentUser me) {
        if (factors.confirmed(me.workspaceId(), me.id())) {
            throw ApiProblem.conflict("two-factor sign-in is already on; turn it off first to enrol a new device");
        }
        String secret = secrets.generate();
        factors.pending(me.workspaceId(), me.id(), secret);
        String slug = workspaces.summary(me.workspaceId()).slug();
        QrData data = new QrData.Builder()
                .label(me.email() + " (" + slug + ")")
                .secret(secret)
                .issuer(ISSUER)
                .algorithm(HashingAlgorithm.SHA1)
                .digits(6)
                .period(PERIOD_SECONDS)
                .build();
        ZxingPngQrGenerator png = new ZxingPngQrGenerator();
        try {
            return new Enrolment(
                    secret, data.getUri(), Utils.getDataUriForImage(png.generate(data), png.getImageMimeType()));
        } catch (QrGenerationException e) {
            throw new IllegalStateException("the QR code could not be drawn", e);
        }
    }

    /**
     * Confirms the pending enrolment with a code from the app: two-factor sign-in is on, the
     * person's enrolment-only sign-ins become whole, and these recovery codes (shown once) exist.
     * False when the code is wrong.
     */
    public Optional<List<String>> confirm(CurrentUser me, String code, String address) {
        TotpFactors.Factor factor = factors.of(me.workspaceId(), me.id())
                .orElseThrow(() -> ApiProblem.conflict("no enrolment in progress: start one first"));
        if (factor.confirmed()) {
            throw ApiProblem.conflict("two-factor sign-in is already on");
        }
        if (!throttled(me, factor, code, address)) {
            return Optional.empty();
        }
        List<String> recovery = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String c = recoveryCode();
            recovery.add(c);
            hashes.add(recoveryHash(c));
        }
        boolean done = Boolean.TRUE.equals(tx.execute(status -> {
            if (!factors.confirm(me.workspaceId(), me.id(), hashes)) {
                return false;
            }
            tokens.readAgain(me.workspaceId(), me.id());
            audit.record(
                    me.workspaceId(),
                    AuditLog.Actor.of(me),
                    "user.two_factor.enabled",
                    "user",
                    me.id(),
                    null,
                    Map.of("method", "totp", "recoveryCodes", RECOVERY_CODES));
            return true;
        }));
        if (!done) {
            throw ApiProblem.conflict("two-factor sign-in is already on");
        }
        return Optional.of(recovery);
    }

    /**
     * Turns two-factor sign-in off, given a current code; false when the code is wrong. When the
     * workspace requires it of the person, their sign-ins may then only enrol again (a new device).
     */
    public boolean remove(CurrentUser me, String code, String address) {
        TotpFactors.Factor factor = factors.of(me.workspaceId(), me.id())
                .filter(TotpFactors.Factor::confirmed)
                .orElseThrow(() -> ApiProblem.notFound("two-factor sign-in"));
        if (!throttled(me, factor, code, address)) {
            return false;
        }
        tx.executeWithoutResult(status -> {
            factors.remove(me.workspaceId(), me.id());
            tokens.readAgain(me.workspaceId(), me.id());
            audit.record(
                    me.workspaceId(),
                    AuditLog.Actor.of(me),
                    "user.two_factor.disabled",
                    "user",
                    me.id(),
                    Map.of("method", "totp"),
                    null);
        });
        return true;
    }

    /**
     * An administrator turns off someone else's two-factor sign-in, without a code: its device is
     * lost and so are its recovery codes. As when its owner turns it off, a workspace that requires
     * it lets their sign-ins only enrol again. One's own is turned off with a code only.
     */
    void reset(CurrentUser admin, UUID userId) {
        if (admin.id().equals(userId)) {
            throw ApiProblem.conflict(
                    "your own two-factor sign-in is turned off with a current code: DELETE /api/v1/me/totp");
        }
        // Without the factor, whoever has the person's password holds what they hold: only someone
        // who holds all of that may take it away (nobody hands out what they do not hold).
        guard.requireHeld(
                admin,
                access.accessOf(admin.workspaceId(), userId).systemPermissions(),
                "turning off their second factor leaves what they hold to whoever has their password");
        tx.executeWithoutResult(status -> {
            if (factors.of(admin.workspaceId(), userId)
                    .filter(TotpFactors.Factor::confirmed)
                    .isEmpty()) {
                throw ApiProblem.notFound("two-factor sign-in");
            }
            factors.remove(admin.workspaceId(), userId);
            tokens.readAgain(admin.workspaceId(), userId);
            audit.record(
                    admin.workspaceId(),
                    AuditLog.Actor.of(admin),
                    "user.two_factor.reset",
                    "user",
                    userId,
                    Map.of("method", "totp"),
                    null);
        });
    }

    /** What a sign-in's second factor came to. */
    enum Check {
        ACCEPTED,
        MISSING,
        WRONG
    }

    /** Checks a sign-in's code or recovery code against the person's confirmed factor. */
    Check check(CurrentUser who, String code, String recoveryCode) {
        Optional<TotpFactors.Factor> factor =
                factors.of(who.workspaceId(), who.id()).filter(TotpFactors.Factor::confirmed);
        if (factor.isEmpty()) {
            return Check.ACCEPTED;
        }
        if (blank(code) && blank(recoveryCode)) {
            return Check.MISSING;
        }
        if (!blank(code)) {
            return codeAccepted(who.workspaceId(), who.id(), factor.get(), code) ? Check.ACCEPTED : Check.WRONG;
        }
        return recoveryCodeUsed(who, recoveryCode) ? Check.ACCEPTED : Check.WRONG;
    }

    private boolean recoveryCodeUsed(CurrentUser who, String recoveryCode) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!factors.useRecoveryCode(who.workspaceId(), who.id(), recoveryHash(recoveryCode))) {
                return false;
            }
            audit.record(
                    who.workspaceId(),
                    AuditLog.Actor.of(who),
                    "user.two_factor.recovery_code_used",
                    "user",
                    who.id(),
                    null,
                    Map.of("recoveryCodesLeft", factors.recoveryCodesLeft(who.workspaceId(), who.id())));
            return true;
        }));
    }

    /**
     * A signed-in person's code, throttled as sign-ins are (the same counters): a stolen session
     * cannot try every code to turn the factor off.
     */
    private boolean throttled(CurrentUser me, TotpFactors.Factor factor, String code, String address) {
        String slug = workspaces.summary(me.workspaceId()).slug();
        LoginThrottle.Attempt attempt =
                new LoginThrottle.Attempt(me.workspaceId(), slug + "/" + Users.normalise(me.email()), address);
        Optional<Duration> wait = throttle.take(attempt);
        if (wait.isPresent()) {
            throw new AuthController.Throttled(Math.max(1, wait.get().toSeconds()));
        }
        if (!codeAccepted(me.workspaceId(), me.id(), factor, code)) {
            return false;
        }
        throttle.forgiven(attempt);
        return true;
    }

    /** Whether the code is the factor's for the step before, of or after now, and that step is newer than any used. */
    private boolean codeAccepted(UUID workspaceId, UUID userId, TotpFactors.Factor factor, String code) {
        OptionalLong step = stepOf(factor.secret(), code == null ? "" : code.strip());
        return step.isPresent()
                && step.getAsLong() > factor.lastStep()
                && factors.use(workspaceId, userId, step.getAsLong());
    }

    private OptionalLong stepOf(String secret, String code) {
        if (!CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long now = clock.instant().getEpochSecond() / PERIOD_SECONDS;
        OptionalLong found = OptionalLong.empty();
        // Every step is compared, in constant time, whichever matches.
        for (long step = now - 1; step <= now + 1; step++) {
            if (MessageDigest.isEqual(
                    generate(secret, step).getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII))) {
                found = OptionalLong.of(step);
            }
        }
        return found;
    }

    private String generate(String secret, long step) {
        try {
            return codes.generate(secret, step);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException("a code could not be computed", e);
        }
    }

    /** 16 characters of an alphabet of 31 without look-alikes (79 bits), shown in groups of four. */
    private String recoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(random.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * Recovery codes carry 79 random bits, so one SHA-256 keeps them as safe as a slow hash keeps a
     * password; spaces, hyphens and case are not part of a code.
     */
    static String recoveryHash(String code) {
        String plain = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return Tokens.hash("recovery:" + plain);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
